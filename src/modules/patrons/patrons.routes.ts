import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { DomainError } from '../../platform/errors.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { lineText, noteText } from '../../platform/plain-text.ts';
import { addPatronBlock, blocksOfPatron, removePatronBlock } from './patron-block.service.ts';
import { createPatronGroup, patronGroupsOf, updatePatronGroup } from './patron-group.service.ts';
import { importPatronsCsv } from './patron-import.service.ts';
import { clearPinLock } from './patron-pin.service.ts';
import { addPatronNote, deletePatronNote, notesOfPatron } from './patron-note.service.ts';
import { isCalendarDate } from './patron.policy.ts';
import {
  noContentReply,
  patronBlockReply,
  patronBlocksReply,
  patronGroupReply,
  patronGroupsReply,
  patronImportReply,
  patronNoteReply,
  patronNotesReply,
  patronReply,
  patronsReply,
  pinLockClearedReply,
  pinSetReply,
  possibleDuplicatesReply,
  registeredPatronReply,
} from './patrons.replies.ts';
import { createPatron, findPatrons, getPatron, possibleDuplicatesOf, setPatronPin, updatePatron } from './patron.service.ts';

const text = lineText;
const optionalText = (max: number) => text(max).nullable().optional();
const calendarDate = z.string().refine(isCalendarDate, 'must be a real date written YYYY-MM-DD');

const patronFields = z.object({
  barcode: text(64).min(1).regex(/^\S+$/, 'must not contain spaces'),
  externalId: text(100).min(1).nullable().optional(),
  firstName: text(200).min(1),
  middleName: optionalText(200),
  lastName: text(200).min(1),
  preferredFirstName: optionalText(200),
  email: z.email().max(320).nullable().optional(),
  phone: optionalText(50),
  address: z
    .object({
      line1: optionalText(300),
      line2: optionalText(300),
      city: optionalText(200),
      region: optionalText(200),
      postalCode: optionalText(30),
      country: optionalText(100),
    })
    .optional(),
  birthDate: calendarDate.nullable().optional(),
  expiresOn: calendarDate.nullable().optional(),
  status: z.enum(['active', 'inactive']).optional(),
  patronGroupId: z.string().min(1),
  keepLoanHistory: z.boolean().optional(),
  // BCP 47 primary language ('es', 'fr'); null: the institution's default
  preferredLanguage: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code such as en or es').nullable().optional(),
});

const pin = z.string().min(4, 'at least 4 characters').max(32, 'at most 32 characters');
const patronParams = z.object({ id: z.string().min(1).max(100) });

export async function patronsRoutes(app: CarrelApp, { db, clock }: RouteDeps): Promise<void> {
  app.get(
    '/patrons',
    {
      config: { access: 'patrons.read' },
      schema: {
        tags: ['patrons'],
        summary: 'Find patrons by barcode, or search names, barcodes, emails and external ids',
        querystring: pageQuery.extend({
          barcode: z.string().max(64).optional(),
          q: z.string().max(200).optional(),
          patronGroupId: z.string().optional(),
          status: z.enum(['active', 'inactive']).optional(),
          sort: z.enum(['name', 'barcode', 'expiresOn']).default('name'),
        }),
        response: { 200: patronsReply },
      },
    },
    async (request) => findPatrons(db, clock, { ...request.query, institutionId: staffOf(request).institutionId }),
  );

  app.post(
    '/patrons',
    {
      config: { access: 'patrons.edit' },
      schema: {
        tags: ['patrons'],
        summary: 'Register a patron; the reply lists possible duplicates (same name and birth date, or same email) for review',
        body: patronFields.extend({ pin: pin.optional() }),
        response: { 201: registeredPatronReply },
      },
    },
    async (request, reply) => reply.status(201).send(await createPatron(db, clock, actorOf(request), request.body)),
  );

  app.get('/patrons/:id', { config: { access: 'patrons.read' }, schema: { tags: ['patrons'], summary: 'One patron', params: patronParams, response: { 200: patronReply } } }, async (request) =>
    getPatron(db, clock, staffOf(request).institutionId, request.params.id),
  );

  app.patch(
    '/patrons/:id',
    { config: { access: 'patrons.edit' }, schema: { tags: ['patrons'], summary: 'Change a patron record', params: patronParams, body: patronFields.partial(), response: { 200: patronReply } } },
    async (request) => updatePatron(db, clock, actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/patrons/:id/pin',
    { config: { access: 'patrons.edit' }, schema: { tags: ['patrons'], summary: "Set the patron's PIN (4 to 32 characters)", params: patronParams, body: z.object({ pin }), response: { 200: pinSetReply } } },
    async (request) => setPatronPin(db, clock, actorOf(request), request.params.id, request.body.pin),
  );

  app.delete(
    '/patrons/:id/pin-lock',
    {
      config: { access: 'patrons.clear-pin-lock' },
      schema: { tags: ['patrons'], summary: 'Lift the lock wrong PINs put on the patron PIN (audited); the PIN stays as it is', params: patronParams, response: { 200: pinLockClearedReply } },
    },
    async (request) => clearPinLock(db, clock, actorOf(request), request.params.id),
  );

  app.get(
    '/patrons/:id/possible-duplicates',
    { config: { access: 'patrons.read' }, schema: { tags: ['patrons'], summary: 'Other patrons who may be the same person', params: patronParams, response: { 200: possibleDuplicatesReply } } },
    async (request) => {
      const items = await possibleDuplicatesOf(db, staffOf(request).institutionId, request.params.id);
      return { items, total: items.length };
    },
  );

  app.get('/patrons/:id/notes', { config: { access: 'patrons.read' }, schema: { tags: ['patrons'], summary: 'Staff and pop-up notes', params: patronParams, response: { 200: patronNotesReply } } }, async (request) => {
    const items = await notesOfPatron(db, staffOf(request).institutionId, request.params.id);
    return { items, total: items.length };
  });

  app.post(
    '/patrons/:id/notes',
    {
      config: { access: 'patrons.edit' },
      schema: {
        tags: ['patrons'],
        summary: 'Add a note: staff (for staff only) or pop-up (shown whenever the account is opened)',
        params: patronParams,
        body: z.object({ kind: z.enum(['staff', 'pop-up']).default('staff'), text: noteText(4000).min(1) }),
        response: { 201: patronNoteReply },
      },
    },
    async (request, reply) => reply.status(201).send(await addPatronNote(db, clock, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/patrons/:id/notes/:noteId',
    { config: { access: 'patrons.edit' }, schema: { tags: ['patrons'], summary: 'Delete a note', params: patronParams.extend({ noteId: z.string().min(1) }), response: { 204: noContentReply } } },
    async (request, reply) => {
      await deletePatronNote(db, clock, actorOf(request), request.params.id, request.params.noteId);
      return reply.status(204).send();
    },
  );

  app.get('/patrons/:id/blocks', { config: { access: 'patrons.read' }, schema: { tags: ['patrons'], summary: 'Manual blocks, in force or expired', params: patronParams, response: { 200: patronBlocksReply } } }, async (request) => {
    const items = await blocksOfPatron(db, clock, staffOf(request).institutionId, request.params.id);
    return { items, total: items.length };
  });

  app.post(
    '/patrons/:id/blocks',
    {
      config: { access: 'patrons.edit' },
      schema: {
        tags: ['patrons'],
        summary: 'Place a manual block on borrowing, renewals and/or requests',
        params: patronParams,
        body: z.object({
          reason: text(500).min(1),
          patronMessage: optionalText(500),
          blocksBorrowing: z.boolean().optional(),
          blocksRenewals: z.boolean().optional(),
          blocksRequests: z.boolean().optional(),
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
        }),
        response: { 201: patronBlockReply },
      },
    },
    async (request, reply) => reply.status(201).send(await addPatronBlock(db, clock, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/patrons/:id/blocks/:blockId',
    {
      config: { access: 'patrons.edit' },
      schema: {
        tags: ['patrons'],
        summary: 'Lift a manual block, saying why (in the body or as ?reason=)',
        params: patronParams.extend({ blockId: z.string().min(1) }),
        querystring: z.object({ reason: text(500).optional() }),
        body: z.object({ reason: text(500) }).optional(),
        response: { 204: noContentReply },
      },
    },
    async (request, reply) => {
      const reason = request.body?.reason || request.query.reason || '';
      await removePatronBlock(db, clock, actorOf(request), request.params.id, request.params.blockId, reason);
      return reply.status(204).send();
    },
  );

  app.get('/patron-groups', { config: { access: 'patrons.read' }, schema: { tags: ['patrons'], summary: 'Patron groups', response: { 200: patronGroupsReply } } }, async (request) => {
    const items = await patronGroupsOf(db, staffOf(request).institutionId);
    return { items, total: items.length };
  });

  const groupFields = z.object({
    code: text(64).min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    name: text(200).min(1),
    description: noteText(2000).nullable().optional(),
  });
  app.post(
    '/patron-groups',
    { config: { access: 'settings.edit' }, schema: { tags: ['patrons'], summary: 'Create a patron group', body: groupFields, response: { 201: patronGroupReply } } },
    async (request, reply) => reply.status(201).send(await createPatronGroup(db, clock, actorOf(request), request.body)),
  );

  app.patch(
    '/patron-groups/:id',
    { config: { access: 'settings.edit' }, schema: { tags: ['patrons'], summary: "Change a patron group's code, name or description", params: patronParams, body: groupFields.partial(), response: { 200: patronGroupReply } } },
    async (request) => updatePatronGroup(db, clock, actorOf(request), request.params.id, request.body),
  );

  const rejectsInImportReply = 100;
  app.post(
    '/patrons/import',
    {
      config: { access: 'patrons.import' },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['patrons'],
        summary: 'Load patrons from a UTF-8 CSV file (all-or-nothing unless partial); replies with the import report (the first 100 rejects and their count)',
        body: z.object({ csv: z.string().min(1), partial: z.boolean().optional() }),
        response: { 200: patronImportReply },
      },
    },
    async (request) => {
      const report = await importPatronsCsv(db, clock, actorOf(request), request.body);
      // A file of 20,000 bad rows would make a reply of megabytes: list the first rejects and count them all.
      const reply = { ...report, rejectedCount: report.rejected.length, rejected: report.rejected.slice(0, rejectsInImportReply) };
      if (!report.applied) {
        const listed = report.rejected.length > rejectsInImportReply ? ` (the first ${rejectsInImportReply} are listed)` : '';
        throw new DomainError('IMPORT_REJECTED', `${report.rejected.length} row(s) were rejected, so nothing was changed${listed}. Fix them, or import with partial.`, reply);
      }
      return reply;
    },
  );
}

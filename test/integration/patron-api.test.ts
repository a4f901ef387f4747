import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, signInToPortalAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('patron records', (database) => {
  // 10:00 in Los Angeles on 2 November 2026
  const clock = fixedClock('2026-11-02T18:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let desk: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'technician' });
    desk = await signInAs(app, staff.username, staff.password);
  });
  afterAll(async () => app.close());

  const register = (body: Record<string, unknown>) => desk.request({ method: 'POST', url: '/api/v1/patrons', payload: { patronGroupId: library.patronGroups.student, ...body } });

  describe('finding a patron at the desk', () => {
    it('finds exactly one patron by scanned barcode: { items: [patron], total }', async () => {
      const patron = await makePatron(database().db, library.institutionId, { barcode: '21000000000123', firstName: 'Robert', preferredFirstName: 'Bobby', lastName: 'Tables' });
      const reply = await desk.request({ method: 'GET', url: '/api/v1/patrons?barcode=21000000000123' });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toEqual({ total: 1, items: [expect.objectContaining({ id: patron.id, barcode: '21000000000123', displayName: 'Bobby Tables' })] });
      const unknown = await desk.request({ method: 'GET', url: '/api/v1/patrons?barcode=21000000009999' });
      expect(unknown.json()).toEqual({ items: [], total: 0 });
    });

    it('searches names ignoring case and accents, by word beginnings', async () => {
      const zoe = await makePatron(database().db, library.institutionId, { firstName: 'Zoë', lastName: 'Ångström-Núñez' });
      for (const q of ['zoe angstrom', 'ANGSTR', 'nunez zo', 'Zoë Ångström-Núñez']) {
        const reply = await desk.request({ method: 'GET', url: `/api/v1/patrons?q=${encodeURIComponent(q)}` });
        expect(reply.json().items.map((patron: { id: string }) => patron.id), q).toContain(zoe.id);
      }
      const miss = await desk.request({ method: 'GET', url: `/api/v1/patrons?q=${encodeURIComponent('ngstrom')}` });
      expect(miss.json().items.map((patron: { id: string }) => patron.id)).not.toContain(zoe.id);
    });

    it('searches by barcode, external id and email', async () => {
      const patron = await makePatron(database().db, library.institutionId, { externalId: 'SIS-777', email: 'Quinn.Reader@Example.edu' });
      for (const q of [patron.barcode, 'SIS-777', 'quinn.reader@example.edu', 'QUINN.READER@']) {
        const reply = await desk.request({ method: 'GET', url: `/api/v1/patrons?q=${encodeURIComponent(q)}` });
        expect(reply.json().items.map((found: { id: string }) => found.id), q).toEqual([patron.id]);
      }
    });

    it('filters by group and status, sorts, and pages', async () => {
      const other = await makeInstitution(database().db);
      const group = { group: 'community' };
      await makePatron(database().db, other.institutionId, { ...group, lastName: 'Sortable', expiresOn: '2027-01-01' });
      const late = await makePatron(database().db, library.institutionId, { ...group, lastName: 'Sortable', firstName: 'Anna', expiresOn: '2027-06-30' });
      const early = await makePatron(database().db, library.institutionId, { ...group, lastName: 'Sortable', firstName: 'Zed', expiresOn: '2027-01-31' });
      const never = await makePatron(database().db, library.institutionId, { ...group, lastName: 'Sortable', firstName: 'Mo', status: 'inactive' });
      const url = `/api/v1/patrons?q=sortable&patronGroupId=${library.patronGroups.community}`;
      const byName = (await desk.request({ method: 'GET', url })).json();
      expect(byName.total).toBe(3);
      expect(byName.items.map((patron: { id: string }) => patron.id)).toEqual([late.id, never.id, early.id]);
      const byExpiry = (await desk.request({ method: 'GET', url: `${url}&sort=expiresOn` })).json();
      expect(byExpiry.items.map((patron: { id: string }) => patron.id)).toEqual([early.id, late.id, never.id]);
      const page = (await desk.request({ method: 'GET', url: `${url}&sort=expiresOn&limit=1&offset=1` })).json();
      expect(page).toMatchObject({ total: 3, items: [{ id: late.id }] });
      const inactive = (await desk.request({ method: 'GET', url: `${url}&status=inactive` })).json();
      expect(inactive.items.map((patron: { id: string }) => patron.id)).toEqual([never.id]);
    });
  });

  describe('registering and editing', () => {
    it('registers a patron and returns the full record, expired derived in the library’s time zone', async () => {
      const reply = await register({
        barcode: '21000000000500',
        externalId: 'S-500',
        firstName: 'Ana',
        lastName: 'Gómez',
        email: 'ana.gomez@example.edu',
        address: { line1: '1 College Way', city: 'Olympia', region: 'WA', postalCode: '98505', country: 'US' },
        birthDate: '2001-04-05',
        expiresOn: '2026-11-01',
      });
      expect(reply.statusCode).toBe(201);
      const { patron, possibleDuplicates } = reply.json();
      expect(possibleDuplicates).toEqual([]);
      expect(patron).toMatchObject({
        barcode: '21000000000500',
        externalId: 'S-500',
        displayName: 'Ana Gómez',
        address: { line1: '1 College Way', line2: null, city: 'Olympia', region: 'WA', postalCode: '98505', country: 'US' },
        expiresOn: '2026-11-01',
        expired: true,
        status: 'active',
        patronGroup: { id: library.patronGroups.student, code: 'student' },
        keepLoanHistory: false,
        blocks: [],
        popUpNotes: [],
        hasPin: false,
      });
    });

    it('refuses a barcode another patron has, and an unknown group or patron', async () => {
      const existing = await makePatron(database().db, library.institutionId);
      const duplicate = await register({ barcode: existing.barcode, firstName: 'New', lastName: 'Person' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error.code).toBe('DUPLICATE_BARCODE');
      const noGroup = await register({ barcode: '21000000000600', firstName: 'New', lastName: 'Person', patronGroupId: 'no-such-group' });
      expect(noGroup.statusCode).toBe(404);
      expect(noGroup.json().error.code).toBe('PATRON_GROUP_NOT_FOUND');
      const noPatron = await desk.request({ method: 'GET', url: '/api/v1/patrons/no-such-patron' });
      expect(noPatron.statusCode).toBe(404);
      expect(noPatron.json().error.code).toBe('PATRON_NOT_FOUND');
    });

    it('changes a record and audits before and after', async () => {
      const patron = await makePatron(database().db, library.institutionId, { firstName: 'Lee', email: 'lee@example.edu' });
      const reply = await desk.request({ method: 'PATCH', url: `/api/v1/patrons/${patron.id}`, payload: { preferredFirstName: 'Lea', email: null, expiresOn: '2027-05-31' } });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toMatchObject({ displayName: `Lea ${patron.lastName}`, email: null, expiresOn: '2027-05-31', expired: false });
      const admin = await makeStaff(database().db, library.institutionId);
      const auditor = await signInAs(app, admin.username, admin.password);
      const audit = (await auditor.request({ method: 'GET', url: `/api/v1/audit-events?entityId=${patron.id}&action=patron.update` })).json();
      expect(audit.items[0]).toMatchObject({
        before: { preferredFirstName: null, email: 'lee@example.edu', expiresOn: null },
        after: { preferredFirstName: 'Lea', email: null, expiresOn: '2027-05-31' },
      });
    });

    it('sets a PIN without ever returning or auditing it', async () => {
      const patron = await makePatron(database().db, library.institutionId, { pin: '4321' });
      expect(patron.hasPin).toBe(true);
      const reply = await desk.request({ method: 'PUT', url: `/api/v1/patrons/${patron.id}/pin`, payload: { pin: '98765' } });
      expect(reply.json()).toEqual({ hasPin: true });
      const tooShort = await desk.request({ method: 'PUT', url: `/api/v1/patrons/${patron.id}/pin`, payload: { pin: '12' } });
      expect(tooShort.statusCode).toBe(400);
      const read = await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` });
      const list = await desk.request({ method: 'GET', url: `/api/v1/patrons?barcode=${patron.barcode}` });
      for (const body of [read.body, list.body]) {
        expect(body).not.toMatch(/argon2|pin_?hash|98765|4321/i);
      }
      expect(read.json().hasPin).toBe(true);
      const events = await database().db.selectFrom('audit_event').select(['before', 'after']).where('entity_id', '=', patron.id).execute();
      expect(JSON.stringify(events)).not.toMatch(/argon2|98765|4321/);
      const stored = await database().db.selectFrom('patron').select('pin_hash').where('id', '=', patron.id).executeTakeFirstOrThrow();
      expect(stored.pin_hash).toMatch(/^\$argon2id\$/);
    });
  });

  describe('possible duplicates', () => {
    it('flags the same name and birth date, ignoring case and accents', async () => {
      const first = await makePatron(database().db, library.institutionId, { firstName: 'José', lastName: 'De la Cruz', birthDate: '1999-12-31' });
      const reply = await register({ barcode: '21000000000700', firstName: 'JOSE', lastName: 'Delacruz', birthDate: '1999-12-31' });
      expect(reply.statusCode).toBe(201);
      expect(reply.json().possibleDuplicates).toEqual([expect.objectContaining({ id: first.id, reasons: ['same-name-and-birth-date'] })]);
      const listed = await desk.request({ method: 'GET', url: `/api/v1/patrons/${first.id}/possible-duplicates` });
      expect(listed.json()).toMatchObject({ total: 1, items: [{ id: reply.json().patron.id }] });
      const otherBirthday = await register({ barcode: '21000000000701', firstName: 'José', lastName: 'De la Cruz', birthDate: '2000-01-01' });
      expect(otherBirthday.json().possibleDuplicates).toEqual([]);
    });

    it('flags the same email, ignoring case', async () => {
      const first = await makePatron(database().db, library.institutionId, { email: 'Shared.Inbox@Example.edu' });
      const reply = await register({ barcode: '21000000000800', firstName: 'Other', lastName: 'Person', email: 'shared.inbox@example.EDU' });
      expect(reply.json().possibleDuplicates).toEqual([expect.objectContaining({ id: first.id, reasons: ['same-email'] })]);
    });
  });

  describe('notes and blocks', () => {
    it('shows pop-up notes on the record and deletes a note', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const popUp = await desk.request({ method: 'POST', url: `/api/v1/patrons/${patron.id}/notes`, payload: { kind: 'pop-up', text: 'Ask for new address' } });
      expect(popUp.statusCode).toBe(201);
      await desk.request({ method: 'POST', url: `/api/v1/patrons/${patron.id}/notes`, payload: { text: 'Called about a lost laptop' } });
      const record = (await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` })).json();
      expect(record.popUpNotes).toEqual([expect.objectContaining({ kind: 'pop-up', text: 'Ask for new address' })]);
      expect((await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}/notes` })).json().total).toBe(2);
      const removed = await desk.request({ method: 'DELETE', url: `/api/v1/patrons/${patron.id}/notes/${popUp.json().id}` });
      expect(removed.statusCode).toBe(204);
      expect((await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` })).json().popUpNotes).toEqual([]);
    });

    it('shows blocks in force on the record, and lifts one only with a reason', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const placed = await desk.request({ method: 'POST', url: `/api/v1/patrons/${patron.id}/blocks`, payload: { reason: 'Unreturned laptop charger', blocksRequests: false } });
      expect(placed.statusCode).toBe(201);
      await desk.request({ method: 'POST', url: `/api/v1/patrons/${patron.id}/blocks`, payload: { reason: 'Old block', expiresAt: '2026-11-01T00:00:00Z' } });
      const record = (await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` })).json();
      expect(record.blocks).toEqual([expect.objectContaining({ reason: 'Unreturned laptop charger', blocksBorrowing: true, blocksRequests: false })]);
      const all = (await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}/blocks` })).json();
      expect(all.items.map((block: { active: boolean }) => block.active).sort()).toEqual([false, true]);
      const blockUrl = `/api/v1/patrons/${patron.id}/blocks/${placed.json().id}`;
      const noReason = await desk.request({ method: 'DELETE', url: blockUrl });
      expect(noReason.statusCode).toBe(400);
      const lifted = await desk.request({ method: 'DELETE', url: blockUrl, payload: { reason: 'Charger returned' } });
      expect(lifted.statusCode).toBe(204);
      expect((await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` })).json().blocks).toEqual([]);
      const audit = await database().db.selectFrom('audit_event').select(['reason']).where('entity_id', '=', patron.id).where('action', '=', 'patron.block-remove').execute();
      expect(audit).toEqual([{ reason: 'Charger returned' }]);
    });
  });

  describe('the PIN at the desk', () => {
    const portalSignIn = (barcode: string, pin: string) => app.inject({ method: 'POST', url: '/api/v1/portal/sign-in', payload: { library: library.code, barcode, pin } });

    it('shows a PIN locked by wrong tries, and until when; a new PIN from the desk lifts it and ends the portal sessions of the old one', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      expect((await desk.request({ method: 'PUT', url: `/api/v1/patrons/${patron.id}/pin`, payload: { pin: '2468' } })).statusCode).toBe(200);
      const portal = await signInToPortalAs(app, library.code, patron.barcode, '2468');
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await portalSignIn(patron.barcode, '0000')).statusCode).toBe(401);
      const locked = (await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` })).json();
      expect(locked.pinLockedUntil).toBe('2026-11-02T18:15:00.000Z');
      expect((await portal.request({ method: 'GET', url: '/api/v1/portal/account' })).statusCode).toBe(200);

      expect((await desk.request({ method: 'PUT', url: `/api/v1/patrons/${patron.id}/pin`, payload: { pin: '1357' } })).statusCode).toBe(200);
      expect((await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` })).json().pinLockedUntil).toBeNull();
      expect((await portal.request({ method: 'GET', url: '/api/v1/portal/account' })).statusCode).toBe(401);
      expect((await portalSignIn(patron.barcode, '1357')).statusCode).toBe(200);
    });

    it('lets staff with patrons.clear-pin-lock lift a PIN lock, audited, and refuses a student worker', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      await desk.request({ method: 'PUT', url: `/api/v1/patrons/${patron.id}/pin`, payload: { pin: '9753' } });
      for (let attempt = 0; attempt < 5; attempt += 1) await portalSignIn(patron.barcode, '0000');
      expect((await portalSignIn(patron.barcode, '9753')).statusCode).toBe(401);

      const student = await makeStaff(database().db, library.institutionId, { roleCode: 'student-worker' });
      const studentDesk = await signInAs(app, student.username, student.password);
      const refused = await studentDesk.request({ method: 'DELETE', url: `/api/v1/patrons/${patron.id}/pin-lock` });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.details).toEqual({ permission: 'patrons.clear-pin-lock' });

      const cleared = await desk.request({ method: 'DELETE', url: `/api/v1/patrons/${patron.id}/pin-lock` });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).toEqual({ pinLockedUntil: null });
      expect((await desk.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}` })).json().pinLockedUntil).toBeNull();
      expect((await portalSignIn(patron.barcode, '9753')).statusCode).toBe(200);
      const audit = await database().db.selectFrom('audit_event').select(['action', 'before']).where('entity_id', '=', patron.id).where('action', '=', 'patron.pin-lock-cleared').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(String(audit[0]!.before))).toEqual({ pinLockedUntil: '2026-11-02T18:15:00.000Z', wrongPinTries: 0 });
      const nobody = await desk.request({ method: 'DELETE', url: '/api/v1/patrons/00000000-0000-4000-8000-000000000000/pin-lock' });
      expect(nobody.statusCode).toBe(404);
    });
  });

  describe('institutions and permissions', () => {
    it('hides a patron from staff of another institution', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const other = await makeInstitution(database().db);
      const outsider = await makeStaff(database().db, other.institutionId, { roleCode: 'administrator' });
      const session = await signInAs(app, outsider.username, outsider.password);
      for (const url of [`/api/v1/patrons/${patron.id}`, `/api/v1/patrons/${patron.id}/notes`, `/api/v1/patrons/${patron.id}/blocks`]) {
        const reply = await session.request({ method: 'GET', url });
        expect(reply.statusCode, url).toBe(404);
        expect(reply.json().error.code).toBe('PATRON_NOT_FOUND');
      }
      expect((await session.request({ method: 'GET', url: `/api/v1/patrons?barcode=${patron.barcode}` })).json()).toEqual({ items: [], total: 0 });
      const edit = await session.request({ method: 'PATCH', url: `/api/v1/patrons/${patron.id}`, payload: { lastName: 'Hacked' } });
      expect(edit.statusCode).toBe(404);
      const groups = (await session.request({ method: 'GET', url: '/api/v1/patron-groups' })).json();
      expect(groups.items.map((group: { id: string }) => group.id)).not.toContain(library.patronGroups.student);
    });

    it('describes every patron route in the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      for (const route of ['/api/v1/patrons', '/api/v1/patrons/{id}', '/api/v1/patrons/{id}/blocks/{blockId}', '/api/v1/patrons/import', '/api/v1/patron-groups']) {
        expect(Object.keys(document.paths), route).toContain(route);
      }
    });

    it('lets a student worker look patrons up but not change them', async () => {
      const student = await makeStaff(database().db, library.institutionId, { roleCode: 'student-worker' });
      const session = await signInAs(app, student.username, student.password);
      expect((await session.request({ method: 'GET', url: '/api/v1/patron-groups' })).json().total).toBe(4);
      const reply = await session.request({ method: 'POST', url: '/api/v1/patrons', payload: { barcode: '1', firstName: 'A', lastName: 'B', patronGroupId: library.patronGroups.student } });
      expect(reply.statusCode).toBe(403);
    });
  });
});

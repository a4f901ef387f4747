import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { checkIn } from './check-in.service.ts';
import { checkOut, type CirculationActor } from './check-out.service.ts';
import { loansPage, requireLoanView } from './loan-history.reads.ts';
import { changeDueDate, claimReturned, declareLost, markMissing, previewDeclareLost } from './loan-state.service.ts';
import { renewLoan, renewLoansOfPatron } from './renewal.service.ts';
import { undoCheckOut } from './undo-check-out.service.ts';
import { bulkRenewalReply, checkInReply, checkOutPreviewReply, checkOutReply, declareLostReply, loansReply, markMissingReply, oneLoanReply, renewalReply, undoCheckOutReply } from './circulation.replies.ts';

const instant = z.iso.datetime({ offset: true });
const overrideBody = z.object({ reason: z.string().trim().min(1, 'say why you are overriding').max(1000) });
const loanParams = z.object({ id: z.uuid() });
const optionalReason = z.object({ reason: z.string().trim().max(1000).optional() }).default({});

function circulationActorOf(request: FastifyRequest): CirculationActor {
  return { actor: actorOf(request), permissions: staffOf(request).permissions };
}

/**
 * The desk's transactions: check-out, check-in, renewals, due date changes, lost, claimed
 * returned and missing items, and loans with their history. Refusal codes are listed in
 * check-out.policy.ts and renewal.policy.ts; an override needs circulation.override and a reason.
 */
export async function loansRoutes(app: CarrelApp, deps: RouteDeps): Promise<void> {
  const { db, clock } = deps;
  app.post(
    '/circulation/check-out',
    {
      config: { access: 'circulation.check-out' },
      schema: {
        tags: ['circulation'],
        summary: 'Check an item out to a patron; reports every failing check at once (422 CHECK_OUT_REFUSED); dryRun answers without changing anything',
        body: z.object({
          patronBarcode: z.string().trim().min(1).max(100),
          itemBarcode: z.string().trim().min(1).max(100),
          servicePointId: z.uuid(),
          dueAt: instant.optional(),
          override: overrideBody.optional(),
          dryRun: z.boolean().optional(),
        }),
        response: { 200: checkOutPreviewReply, 201: checkOutReply },
      },
    },
    async (request, reply) => {
      const { dueAt, ...rest } = request.body;
      const result = await checkOut(deps, circulationActorOf(request), { ...rest, dueAt: dueAt ? new Date(dueAt) : undefined });
      if (result.dryRun) {
        const { dryRun: _dryRun, ...answer } = result;
        return answer;
      }
      const { dryRun: _dryRun, ...created } = result;
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/circulation/check-in',
    {
      config: { access: 'circulation.check-in' },
      schema: {
        tags: ['circulation'],
        summary: 'Check an item in: closes its loan, resolves lost or claimed-returned items, and says where the item goes next (a set-aside status is kept unless makeAvailable)',
        body: z.object({
          itemBarcode: z.string().trim().min(1).max(100),
          servicePointId: z.uuid(),
          returnedAt: instant.optional().describe('backdating before today: see BACKDATE_PERMISSION_REQUIRED and BACKDATE_EXCEEDS_WAIVE_LIMIT'),
          foundBy: z.enum(['library', 'patron']).optional(),
          makeAvailable: z.boolean().optional().describe('release a withdrawn, damaged, in-repair, on-order, in-process or unavailable item (catalog.edit)'),
        }),
        response: { 200: checkInReply },
      },
    },
    async (request) => {
      const { returnedAt, ...rest } = request.body;
      const staff = staffOf(request);
      return checkIn(deps, actorOf(request), { ...rest, returnedAt: returnedAt ? new Date(returnedAt) : undefined, staff: { permissions: staff.permissions, roleCode: staff.roleCode } });
    },
  );

  app.post(
    '/circulation/loans/:id/undo-check-out',
    {
      config: { access: 'circulation.check-out' },
      schema: {
        tags: ['circulation'],
        summary: 'Undo a check-out within a minute of it, while the loan is untouched (422 UNDO_NOT_ALLOWED says why not); the item and any request it filled go back as they were',
        params: loanParams,
        response: { 200: undoCheckOutReply },
      },
    },
    async (request) => ({ undone: await undoCheckOut(deps, circulationActorOf(request), request.params.id) }),
  );

  app.post(
    '/circulation/loans/:id/renew',
    {
      config: { access: 'circulation.renew' },
      schema: {
        tags: ['circulation'],
        summary: 'Renew one loan (422 RENEWAL_REFUSED lists every failing check; override with a reason needs circulation.override)',
        params: loanParams,
        body: z.object({ override: overrideBody.optional() }).default({}),
        response: { 200: renewalReply },
      },
    },
    async (request) => renewLoan(deps, circulationActorOf(request), request.params.id, request.body.override),
  );

  app.post(
    '/circulation/renew',
    {
      config: { access: 'circulation.renew' },
      schema: {
        tags: ['circulation'],
        summary: "Renew a patron's loans (all open ones, or those named), with a result per loan",
        body: z.object({ patronBarcode: z.string().trim().min(1).max(100), loanIds: z.array(z.uuid()).max(500).optional() }),
        response: { 200: bulkRenewalReply },
      },
    },
    async (request) => renewLoansOfPatron(deps, circulationActorOf(request), request.body),
  );

  app.patch(
    '/circulation/loans/:id/due-date',
    {
      config: { access: 'circulation.change-due-date' },
      schema: {
        tags: ['circulation'],
        summary: 'Change the due date of a loan (audited with the reason)',
        params: loanParams,
        body: z.object({ dueAt: instant, reason: z.string().trim().min(1, 'say why the due date changes').max(1000) }),
        response: { 200: oneLoanReply },
      },
    },
    async (request) => ({ loan: await changeDueDate(db, clock, actorOf(request), request.params.id, { dueAt: new Date(request.body.dueAt), reason: request.body.reason }) }),
  );

  app.post(
    '/circulation/loans/:id/declare-lost',
    {
      config: { access: 'circulation.declare-lost' },
      schema: {
        tags: ['circulation'],
        summary: 'Declare the loaned item lost; dryRun answers what the lost item policy would charge, changing nothing',
        params: loanParams,
        body: z.object({ reason: z.string().trim().max(1000).optional(), dryRun: z.boolean().optional() }).default({}),
        response: { 200: declareLostReply },
      },
    },
    async (request) => {
      if (request.body.dryRun) return { dryRun: true as const, ...(await previewDeclareLost(db, staffOf(request).institutionId, request.params.id)) };
      return { loan: await declareLost(db, clock, actorOf(request), request.params.id, request.body.reason ?? null) };
    },
  );

  app.post(
    '/circulation/loans/:id/claim-returned',
    { config: { access: 'circulation.claim-returned' }, schema: { tags: ['circulation'], summary: 'Record that the patron claims to have returned the item', params: loanParams, body: optionalReason, response: { 200: oneLoanReply } } },
    async (request) => ({ loan: await claimReturned(db, clock, actorOf(request), request.params.id, request.body.reason ?? null) }),
  );

  app.post(
    '/items/:id/mark-missing',
    {
      config: { access: 'circulation.mark-missing' },
      schema: {
        tags: ['circulation'],
        summary: 'Mark an item that is not on loan as missing',
        params: loanParams,
        body: z.object({ reason: z.string().trim().min(1, 'say why the item is missing').max(1000) }),
        response: { 200: markMissingReply },
      },
    },
    async (request) => markMissing(db, clock, actorOf(request), request.params.id, request.body.reason),
  );

  app.get(
    '/circulation/loans',
    {
      config: { access: 'circulation.read' },
      schema: {
        tags: ['circulation'],
        summary: "Loans and loan history, by patron or item; a closed loan shows its patron only if the patron keeps their history",
        querystring: pageQuery.extend({
          patronId: z.uuid().optional(),
          itemId: z.uuid().optional(),
          status: z.enum(['open', 'closed']).optional(),
          overdue: z.stringbool().optional(),
        }),
        response: { 200: loansReply },
      },
    },
    async (request) => loansPage(db, { ...request.query, institutionId: staffOf(request).institutionId, now: clock.now() }),
  );

  app.get(
    '/circulation/loans/:id',
    { config: { access: 'circulation.read' }, schema: { tags: ['circulation'], summary: 'One loan', params: loanParams, response: { 200: oneLoanReply } } },
    async (request) => {
      return { loan: await requireLoanView(db, staffOf(request).institutionId, request.params.id, clock.now()) };
    },
  );
}

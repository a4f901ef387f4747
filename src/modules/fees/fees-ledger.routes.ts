import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { loadFee, patronFeeAccount } from './fee-account.service.ts';
import { cancelFee, chargeFee, payFee, refundFee, transferFee, waiveFee, type FeeActionOutcome, type FeeStaff } from './fee-ledger.service.ts';
import { payFees } from './fee-payment.service.ts';
import { readFeeSettings, updateFeeSettings } from './fee-settings.service.ts';
import { createFeeType, createWaiverReason, feeTypesOf, updateFeeType, updateWaiverReason, waiverReasonsOf } from './fee-types.service.ts';
import {
  chargedFeeReply,
  feeActionReply,
  feeReply,
  feeSettingsReply,
  feeTypeReply,
  feeTypesReply,
  patronFeeAccountReply,
  paymentAcrossFeesReply,
  waiverReasonReply,
  waiverReasonsReply,
} from './fees.replies.ts';

const idParams = z.object({ id: z.uuid() });
const cents = z.number().int().positive().max(100_000_000);
const note = z.string().trim().min(1).max(1000);
const actionCommon = {
  note: note.optional(),
  servicePointId: z.uuid().optional(),
  dryRun: z.boolean().optional(),
};
const paymentMethod = z.enum(['cash', 'card', 'check', 'online', 'credit']);
const code = z.string().trim().min(1).max(64).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash and underscore only');

function feeStaffOf(request: FastifyRequest): FeeStaff {
  const staff = staffOf(request);
  return { actor: actorOf(request), permissions: staff.permissions, roleCode: staff.roleCode };
}

function actionReply(outcome: FeeActionOutcome) {
  const { decision } = outcome;
  return {
    dryRun: outcome.dryRun,
    action: {
      id: outcome.actionId,
      kind: decision.kind,
      amountCents: decision.amountCents,
      balanceBeforeCents: decision.balanceBeforeCents,
      balanceAfterCents: decision.balanceAfterCents,
      statusAfter: decision.statusAfter,
      creditCents: decision.creditCents,
    },
    fee: outcome.fee,
  };
}

/** The fee ledger: a patron's fees, manual charges, one route per action, and the lists behind them. */
export async function feesLedgerRoutes(app: CarrelApp, deps: RouteDeps): Promise<void> {
  const { db, clock } = deps;
  app.get(
    '/patrons/:id/fees',
    {
      config: { access: 'fees.read' },
      schema: {
        tags: ['fees'],
        summary: "A patron's fees with their actions and balances, the total owed and the patron's credit",
        params: idParams,
        querystring: z.object({ status: z.enum(['open', 'closed']).optional() }),
        response: { 200: patronFeeAccountReply },
      },
    },
    async (request) => patronFeeAccount(db, staffOf(request).institutionId, request.params.id, request.query.status),
  );

  app.post(
    '/patrons/:id/fees',
    {
      config: { access: 'fees.charge' },
      schema: {
        tags: ['fees'],
        summary: 'Charge a manual fee of one of the library fee types (the amount defaults to the type’s)',
        params: idParams,
        body: z.object({
          feeTypeId: z.uuid(),
          amountCents: cents.optional(),
          itemId: z.uuid().optional(),
          ownerServicePointId: z.uuid().optional(),
          description: z.string().trim().min(1).max(1000).optional(),
          dryRun: z.boolean().optional(),
        }),
        response: { 200: chargedFeeReply, 201: chargedFeeReply },
      },
    },
    async (request, reply) => {
      const result = await chargeFee(db, clock, feeStaffOf(request), { ...request.body, patronId: request.params.id });
      return reply.status(result.dryRun ? 200 : 201).send(result);
    },
  );

  app.post(
    '/patrons/:id/fees/pay',
    {
      config: { access: 'fees.pay' },
      schema: {
        tags: ['fees'],
        summary: 'Take one payment across several fees: the fees picked, in that order, or else oldest first; the reply shows each fee’s share',
        params: idParams,
        body: z.object({ amountCents: cents, method: paymentMethod, feeIds: z.array(z.uuid()).max(500).optional(), transactionReference: z.string().trim().max(200).optional(), ...actionCommon }),
        response: { 200: paymentAcrossFeesReply },
      },
    },
    async (request) => payFees(deps, feeStaffOf(request), request.params.id, request.body),
  );

  app.get('/fees/:id', { config: { access: 'fees.read' }, schema: { tags: ['fees'], summary: 'One fee with its actions and balance', params: idParams, response: { 200: feeReply } } }, async (request) =>
    loadFee(db, staffOf(request).institutionId, request.params.id),
  );

  app.post(
    '/fees/:id/pay',
    {
      config: { access: 'fees.pay' },
      schema: {
        tags: ['fees'],
        summary: 'Take a payment, in full or in part',
        params: idParams,
        body: z.object({ amountCents: cents, method: paymentMethod, transactionReference: z.string().trim().max(200).optional(), ...actionCommon }),
        response: { 200: feeActionReply },
      },
    },
    async (request) => actionReply(await payFee(deps, feeStaffOf(request), request.params.id, request.body)),
  );

  app.post(
    '/fees/:id/waive',
    {
      config: { access: 'fees.waive' },
      schema: {
        tags: ['fees'],
        summary: 'Waive part or (without an amount) all of what is owed, with a reason; above the role’s limit the answer names the permission needed',
        params: idParams,
        body: z.object({ amountCents: cents.optional(), waiverReasonId: z.uuid(), ...actionCommon }),
        response: { 200: feeActionReply },
      },
    },
    async (request) => actionReply(await waiveFee(deps, feeStaffOf(request), request.params.id, request.body)),
  );

  app.post(
    '/fees/:id/refund',
    {
      config: { access: 'fees.refund' },
      schema: {
        tags: ['fees'],
        summary: 'Refund money paid: to the patron, as credit, or back onto the balance (a payment reversed)',
        params: idParams,
        body: z.object({ amountCents: cents, refundTo: z.enum(['patron', 'credit', 'balance']), ...actionCommon, note }),
        response: { 200: feeActionReply },
      },
    },
    async (request) => actionReply(await refundFee(deps, feeStaffOf(request), request.params.id, request.body)),
  );

  app.post(
    '/fees/:id/transfer',
    {
      config: { access: 'fees.transfer' },
      schema: { tags: ['fees'], summary: 'Transfer what is owed (or part of it) to the bursar', params: idParams, body: z.object({ amountCents: cents.optional(), ...actionCommon }), response: { 200: feeActionReply } },
    },
    async (request) => actionReply(await transferFee(deps, feeStaffOf(request), request.params.id, request.body)),
  );

  app.post(
    '/fees/:id/cancel',
    {
      config: { access: 'fees.cancel' },
      schema: {
        tags: ['fees'],
        summary: 'Cancel a fee charged in error (all of what is owed unless an amount is given), saying why',
        params: idParams,
        body: z.object({ amountCents: cents.optional(), ...actionCommon, note }),
        response: { 200: feeActionReply },
      },
    },
    async (request) => actionReply(await cancelFee(deps, feeStaffOf(request), request.params.id, request.body)),
  );

  app.get('/fee-types', { config: { access: 'fees.read' }, schema: { tags: ['fees'], summary: 'Fee types: fines, lost item charges and the library’s manual charges', response: { 200: feeTypesReply } } }, async (request) => {
    const items = await feeTypesOf(db, staffOf(request).institutionId);
    return { items, total: items.length };
  });

  app.post(
    '/fee-types',
    {
      config: { access: 'settings.edit' },
      schema: {
        tags: ['fees'],
        summary: 'Add a fee type',
        body: z.object({
          code,
          name: z.string().trim().min(1).max(200),
          kind: z.enum(['overdue-fine', 'lost-item-replacement', 'lost-item-processing', 'damaged-item', 'manual', 'booking-late-fee']),
          defaultAmountCents: cents.nullable().optional(),
          active: z.boolean().optional(),
        }),
        response: { 201: feeTypeReply },
      },
    },
    async (request, reply) => reply.status(201).send(await createFeeType(db, clock, actorOf(request), request.body)),
  );

  app.get('/waiver-reasons', { config: { access: 'fees.read' }, schema: { tags: ['fees'], summary: 'Reasons a fee may be waived', response: { 200: waiverReasonsReply } } }, async (request) => {
    const items = await waiverReasonsOf(db, staffOf(request).institutionId);
    return { items, total: items.length };
  });

  app.post(
    '/waiver-reasons',
    { config: { access: 'settings.edit' }, schema: { tags: ['fees'], summary: 'Add a waiver reason', body: z.object({ code, name: z.string().trim().min(1).max(200) }), response: { 201: waiverReasonReply } } },
    async (request, reply) => reply.status(201).send(await createWaiverReason(db, clock, actorOf(request), request.body)),
  );

  app.patch(
    '/fee-types/:id',
    {
      config: { access: 'settings.edit' },
      schema: {
        tags: ['fees'],
        summary: 'Rename a fee type, change its default amount, or deactivate it (fees already charged keep it)',
        params: idParams,
        body: z.object({ name: z.string().trim().min(1).max(200).optional(), defaultAmountCents: cents.nullable().optional(), active: z.boolean().optional() }),
        response: { 200: feeTypeReply },
      },
    },
    async (request) => updateFeeType(db, clock, actorOf(request), request.params.id, request.body),
  );

  app.patch(
    '/waiver-reasons/:id',
    {
      config: { access: 'settings.edit' },
      schema: { tags: ['fees'], summary: 'Rename a waiver reason or deactivate it', params: idParams, body: z.object({ name: z.string().trim().min(1).max(200).optional(), active: z.boolean().optional() }), response: { 200: waiverReasonReply } },
    },
    async (request) => updateWaiverReason(db, clock, actorOf(request), request.params.id, request.body),
  );

  app.get('/fee-settings', { config: { access: 'fees.read' }, schema: { tags: ['fees'], summary: 'Whether overpayments become credit, and the waive limit of each role', response: { 200: feeSettingsReply } } }, async (request) =>
    readFeeSettings(db, staffOf(request).institutionId),
  );

  app.put(
    '/fee-settings',
    {
      config: { access: 'settings.edit' },
      schema: {
        tags: ['fees'],
        summary: 'Set whether overpayments become credit, and how much each role may waive at a time',
        body: z.object({
          allowCredit: z.boolean().optional(),
          roleWaiveLimits: z.array(z.object({ roleCode: z.string().min(1), maxWaiveCents: z.number().int().min(0).max(100_000_000) })).max(100).optional(),
        }),
        response: { 200: feeSettingsReply },
      },
    },
    async (request) => updateFeeSettings(db, clock, actorOf(request), request.body),
  );
}

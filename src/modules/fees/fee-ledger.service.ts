import type { Kysely } from 'kysely';
import type { Database, FeeTypeKind, PaymentMethod, RefundTarget } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RaiseEvent } from '../../platform/domain-events.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { inTransaction, type ServiceContext } from '../../platform/service-context.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { requireServicePoint as requireServicePointOf } from '../org/index.ts';
import { feeActionAuditOf, type FeeActionRecord, type FeeActionRecordDetails } from './fee-action-record.ts';
import { describeFee, loadFee, type FeeView } from './fee-account.service.ts';
import { decideFeeAction, feeTotals, waiveAuthorityOf, type FeeActionDecision, type ProposedFeeAction, type WaiveAuthority } from './fee.policy.ts';
import {
  actionsOfFees,
  feeSettingsOf,
  findFee,
  insertFee,
  lockPatronForLedger,
  patronCreditCents,
  roleWaiveLimitCents,
  writeFeeAction,
} from './fee.queries.ts';
import { findFeeType, findWaiverReason } from './fee-types.queries.ts';
import { feeTypeForKind } from './fee-types.service.ts';

/** Who changes the ledger: the actor for the audit trail, and what they may do (the waive limit). */
export interface FeeStaff {
  actor: Actor;
  permissions: ReadonlySet<string>;
  /** The staff member's role, whose waive limit applies; null for the system. */
  roleCode: string | null;
}

/** What goes with an action besides its amount: the why, where and how. */
export type FeeActionDetails = FeeActionRecordDetails;

export interface FeeActionOutcome {
  dryRun: boolean;
  /** The action row written, or null on a dry run. */
  actionId: string | null;
  decision: FeeActionDecision;
  fee: FeeView;
}

export interface NewCharge {
  patronId: string;
  feeType: { id: string } | { kind: FeeTypeKind };
  amountCents: number;
  loanId?: string | null | undefined;
  itemId?: string | null | undefined;
  ownerServicePointId?: string | null | undefined;
  description?: string | null | undefined;
}

export async function requireServicePoint(trx: Kysely<Database>, institutionId: string, servicePointId: string | null | undefined): Promise<void> {
  if (servicePointId) await requireServicePointOf(trx, institutionId, servicePointId);
}

/**
 * Charge a fee inside the caller's transaction: for circulation (a fine at check-in, a lost item)
 * as much as for the desk. The fee row carries the amount; there is no "charge" action.
 */
export async function chargeFeeWithin(trx: Kysely<Database>, now: Date, actor: Actor, charge: NewCharge): Promise<FeeView> {
  return loadFee(trx, actor.institutionId, await recordCharge(trx, now, actor, charge, { ownerRead: false }));
}

/**
 * An overdue fine charged from circulation (check-in, renewal, the accrual job): its owning desk is
 * the loan's lending desk or the desk checking in, both read from this institution's rows already,
 * and circulation answers with the fine, not the fee, so neither is read again. Returns the fee's id.
 */
export async function chargeFineWithin(trx: Kysely<Database>, now: Date, actor: Actor, charge: NewCharge): Promise<string> {
  return recordCharge(trx, now, actor, charge, { ownerRead: true });
}

async function recordCharge(trx: Kysely<Database>, now: Date, actor: Actor, charge: NewCharge, options: { ownerRead: boolean }): Promise<string> {
  const institutionId = actor.institutionId;
  if (!Number.isSafeInteger(charge.amountCents) || charge.amountCents <= 0) {
    throw new DomainError('VALIDATION_FAILED', 'A fee must be a positive whole number of cents.', { field: 'amountCents', amountCents: charge.amountCents });
  }
  if (!(await lockPatronForLedger(trx, institutionId, charge.patronId))) {
    throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.', { patronId: charge.patronId });
  }
  const feeType = 'id' in charge.feeType ? await findFeeType(trx, institutionId, { id: charge.feeType.id }) : await feeTypeForKind(trx, institutionId, charge.feeType.kind, now);
  if (!feeType) throw new DomainError('FEE_TYPE_NOT_FOUND', 'There is no such fee type.', { feeType: charge.feeType });
  if (!options.ownerRead) await requireServicePoint(trx, institutionId, charge.ownerServicePointId);
  const id = newId();
  await insertFee(trx, {
    id,
    institution_id: institutionId,
    patron_id: charge.patronId,
    loan_id: charge.loanId ?? null,
    item_id: charge.itemId ?? null,
    fee_type_id: feeType.id,
    owner_service_point_id: charge.ownerServicePointId ?? null,
    original_amount_cents: charge.amountCents,
    status: 'open',
    description: charge.description ?? null,
    created_at: now.toISOString(),
    created_by: actor.kind === 'staff' ? actor.id : null,
  });
  await recordAuditEvent(trx, actor, now, {
    action: 'fee.charge',
    entityType: 'fee',
    entityId: id,
    after: { patronId: charge.patronId, feeType: feeType.code, amountCents: charge.amountCents, loanId: charge.loanId ?? null, itemId: charge.itemId ?? null },
    reason: charge.description ?? null,
  });
  return id;
}

export interface ManualCharge {
  patronId: string;
  feeTypeId: string;
  /** Defaults to the fee type's default amount. */
  amountCents?: number | undefined;
  itemId?: string | null | undefined;
  ownerServicePointId?: string | null | undefined;
  description?: string | null | undefined;
  dryRun?: boolean | undefined;
}

/** A charge made at the desk from one of the library's fee types (printing, headphones, ILL fee). */
export async function chargeFee(db: Kysely<Database>, clock: Clock, who: FeeStaff, input: ManualCharge): Promise<{ dryRun: boolean; fee: FeeView | null; amountCents: number }> {
  return db.transaction().execute(async (trx) => {
    const feeType = await findFeeType(trx, who.actor.institutionId, { id: input.feeTypeId });
    if (!feeType) throw new DomainError('FEE_TYPE_NOT_FOUND', 'There is no such fee type.', { feeTypeId: input.feeTypeId });
    if (!feeType.active) throw new DomainError('VALIDATION_FAILED', `The fee type ${feeType.name} is no longer in use.`, { feeTypeId: feeType.id });
    const amountCents = input.amountCents ?? feeType.default_amount_cents;
    if (amountCents == null) {
      throw new DomainError('VALIDATION_FAILED', `The fee type ${feeType.name} has no default amount; give one.`, { field: 'amountCents' });
    }
    const charge: NewCharge = { ...input, feeType: { id: feeType.id }, amountCents };
    if (input.dryRun) {
      const patron = await lockPatronForLedger(trx, who.actor.institutionId, input.patronId);
      if (!patron) throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.', { patronId: input.patronId });
      await requireServicePoint(trx, who.actor.institutionId, input.ownerServicePointId);
      return { dryRun: true, fee: null, amountCents };
    }
    return { dryRun: false, fee: await chargeFeeWithin(trx, clock.now(), who.actor, charge), amountCents };
  });
}

async function waiveAuthorityFor(trx: Kysely<Database>, who: FeeStaff): Promise<WaiveAuthority> {
  const limit = who.roleCode ? await roleWaiveLimitCents(trx, who.actor.institutionId, who.roleCode) : null;
  return waiveAuthorityOf(who.permissions, limit);
}

/**
 * Apply one action to one fee inside the caller's transaction: lock the patron's ledger, derive
 * the balance from the actions so far, let the policy decide, then append the action row, any
 * credit movement and the fee's status, and audit it. A dry run stops after the decision.
 */
export async function applyFeeActionWithin(
  trx: Kysely<Database>,
  now: Date,
  who: FeeStaff,
  feeId: string,
  proposed: ProposedFeeAction,
  details: FeeActionDetails = {},
  dryRun = false,
): Promise<FeeActionOutcome> {
  const institutionId = who.actor.institutionId;
  const unlocked = await findFee(trx, institutionId, feeId);
  if (!unlocked) throw new DomainError('FEE_NOT_FOUND', 'There is no such fee.', { feeId });
  await lockPatronForLedger(trx, institutionId, unlocked.patron_id);
  const fee = (await findFee(trx, institutionId, feeId))!;
  const actions = (await actionsOfFees(trx, [fee.id])).get(fee.id) ?? [];
  const totals = feeTotals(
    Number(fee.original_amount_cents),
    actions.map((action) => ({ kind: action.kind, amountCents: Number(action.amount_cents), refundTo: action.refund_to })),
  );
  if (proposed.kind === 'waiver') {
    if (!details.waiverReasonId) throw new DomainError('VALIDATION_FAILED', 'A waiver needs a reason.', { field: 'waiverReasonId' });
    if (!(await findWaiverReason(trx, institutionId, { id: details.waiverReasonId }))) {
      throw new DomainError('WAIVER_REASON_NOT_FOUND', 'There is no such waiver reason.', { waiverReasonId: details.waiverReasonId });
    }
  }
  await requireServicePoint(trx, institutionId, details.servicePointId);
  const decision = decideFeeAction(totals, proposed, {
    allowCredit: (await feeSettingsOf(trx, institutionId)).allowCredit,
    waiveAuthority: proposed.kind === 'waiver' ? await waiveAuthorityFor(trx, who) : { kind: 'none' },
    creditAvailableCents: proposed.kind === 'payment' && proposed.method === 'credit' ? await patronCreditCents(trx, institutionId, fee.patron_id) : 0,
  });
  if (dryRun) return { dryRun: true, actionId: null, decision, fee: describeFee(fee, actions) };

  const actionId = newId();
  const staffId = who.actor.kind === 'staff' ? who.actor.id : null;
  const record: FeeActionRecord = { actionId, institutionId, fee, sequence: actions.length + 1, proposed, decision, details, staffId, occurredAt: now.toISOString() };
  await writeFeeAction(trx, record, newId());
  await recordAuditEvent(trx, who.actor, now, feeActionAuditOf(record));
  return { dryRun: false, actionId, decision, fee: await loadFee(trx, institutionId, fee.id) };
}

/**
 * One action in its own transaction; an action without an amount takes all that is owed, read inside it.
 * A payment, waiver or refund is announced once committed: the patron's receipt goes out at once.
 */
function runAction(
  ctx: ServiceContext,
  who: FeeStaff,
  feeId: string,
  proposed: (balanceCents: number) => ProposedFeeAction,
  details: FeeActionDetails,
  dryRun: boolean | undefined,
): Promise<FeeActionOutcome> {
  return inTransaction(ctx, async (trx, raise) => {
    const balanceCents = (await loadFee(trx, who.actor.institutionId, feeId)).balanceCents;
    const outcome = await applyFeeActionWithin(trx, ctx.clock.now(), who, feeId, proposed(balanceCents), details, Boolean(dryRun));
    if (outcome.actionId) announceFeeAction(raise, who.actor.institutionId, outcome.fee.patronId, outcome.actionId, outcome.decision);
    return outcome;
  });
}

function announceFeeAction(raise: RaiseEvent, institutionId: string, patronId: string, actionId: string, decision: FeeActionDecision): void {
  const { amountCents } = decision;
  if (decision.kind === 'payment') raise({ type: 'fee.paid', institutionId, paymentId: actionId, patronId, amountCents });
  else if (decision.kind === 'waiver') raise({ type: 'fee.waived', institutionId, feeActionId: actionId, patronId, amountCents });
  else if (decision.kind === 'refund') raise({ type: 'fee.refunded', institutionId, feeActionId: actionId, patronId, amountCents });
}

type WithDryRun<T> = T & FeeActionDetails & { dryRun?: boolean | undefined };

export function payFee(ctx: ServiceContext, who: FeeStaff, feeId: string, input: WithDryRun<{ amountCents: number; method: PaymentMethod }>) {
  return runAction(ctx, who, feeId, () => ({ kind: 'payment', amountCents: input.amountCents, method: input.method }), input, input.dryRun);
}

/** Waive part or (without an amount) all of what is owed, with a reason from the library's list. */
export function waiveFee(ctx: ServiceContext, who: FeeStaff, feeId: string, input: WithDryRun<{ amountCents?: number | undefined; waiverReasonId: string }>) {
  return runAction(ctx, who, feeId, (balance) => ({ kind: 'waiver', amountCents: input.amountCents ?? balance }), input, input.dryRun);
}

export function refundFee(ctx: ServiceContext, who: FeeStaff, feeId: string, input: WithDryRun<{ amountCents: number; refundTo: RefundTarget }>) {
  return runAction(ctx, who, feeId, () => ({ kind: 'refund', amountCents: input.amountCents, refundTo: input.refundTo }), input, input.dryRun);
}

/** Move what is owed (or part of it) to the bursar's student account. */
export function transferFee(ctx: ServiceContext, who: FeeStaff, feeId: string, input: WithDryRun<{ amountCents?: number | undefined }>) {
  return runAction(ctx, who, feeId, (balance) => ({ kind: 'transfer', amountCents: input.amountCents ?? balance }), input, input.dryRun);
}

/** Cancel a fee charged in error (all of what is owed unless an amount is given); the note says why. */
export function cancelFee(ctx: ServiceContext, who: FeeStaff, feeId: string, input: WithDryRun<{ amountCents?: number | undefined; note: string }>) {
  return runAction(ctx, who, feeId, (balance) => ({ kind: 'cancellation', amountCents: input.amountCents ?? balance }), input, input.dryRun);
}

/** Raise or lower what is owed (signed cents), e.g. when a lost item comes back. */
export function adjustFee(ctx: ServiceContext, who: FeeStaff, feeId: string, input: WithDryRun<{ amountCents: number; note: string }>) {
  return runAction(ctx, who, feeId, () => ({ kind: 'adjustment', amountCents: input.amountCents }), input, input.dryRun);
}

import type { Kysely } from 'kysely';
import type { Database, PaymentMethod } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { describeFee } from './fee-account.service.ts';
import { applyFeeActionWithin, requireServicePoint, type FeeActionDetails, type FeeStaff } from './fee-ledger.service.ts';
import { allocatePayment } from './fee.policy.ts';
import { describeCents } from './money.policy.ts';
import { actionsOfFees, feeSettingsOf, findFee, insertCreditAction, listFeesOfPatron, lockPatronForLedger, patronCreditCents } from './fee.queries.ts';

export interface PaymentAcrossFees extends FeeActionDetails {
  amountCents: number;
  method: PaymentMethod;
  /** The fees the staff member picked, in the order to pay them; otherwise every open fee, oldest first. */
  feeIds?: string[] | undefined;
  dryRun?: boolean | undefined;
}

export interface PaymentShareLine {
  feeId: string;
  feeTypeName: string;
  actionId: string | null;
  amountCents: number;
  balanceBeforeCents: number;
  balanceAfterCents: number;
}

export interface PaymentAcrossFeesResult {
  dryRun: boolean;
  /** Shared by every action of the payment: the receipt's number. */
  batchId: string | null;
  amountCents: number;
  method: PaymentMethod;
  shares: PaymentShareLine[];
  /** What was left over and kept as patron credit (the institution allows it). */
  creditCents: number;
}

/**
 * One payment spread over several of a patron's fees, in one transaction: each fee gets its own
 * payment action, all with the same batch id, so the receipt can show each fee's share.
 */
export async function payFees(db: Kysely<Database>, clock: Clock, who: FeeStaff, patronId: string, input: PaymentAcrossFees): Promise<PaymentAcrossFeesResult> {
  const institutionId = who.actor.institutionId;
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    if (!(await lockPatronForLedger(trx, institutionId, patronId))) throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.', { patronId });
    await requireServicePoint(trx, institutionId, input.servicePointId);
    const openFees = await listFeesOfPatron(trx, institutionId, patronId, 'open');
    const actions = await actionsOfFees(
      trx,
      openFees.map((fee) => fee.id),
    );
    const views = openFees.map((fee) => describeFee(fee, actions.get(fee.id) ?? []));
    for (const feeId of input.feeIds ?? []) {
      if (views.some((fee) => fee.id === feeId)) continue;
      const closed = await findFee(trx, institutionId, feeId);
      if (closed && closed.patron_id === patronId) throw new DomainError('FEE_ALREADY_CLOSED', 'One of the fees picked has nothing left to pay.', { feeId });
      throw new DomainError('FEE_NOT_FOUND', 'One of the fees picked is not a fee of this patron.', { feeId });
    }
    const { shares, remainderCents } = allocatePayment(
      views.map((fee) => ({ id: fee.id, createdAt: fee.createdAt, balanceCents: fee.balanceCents })),
      input.amountCents,
      input.feeIds,
    );
    if (input.method === 'credit') {
      const credit = await patronCreditCents(trx, institutionId, patronId);
      if (input.amountCents > credit) {
        throw new DomainError('PATRON_CREDIT_INSUFFICIENT', 'The patron does not have that much credit.', { creditAvailableCents: credit, amountCents: input.amountCents });
      }
    }
    const owedCents = input.amountCents - remainderCents;
    if (remainderCents > 0 && (input.method === 'credit' || !(await feeSettingsOf(trx, institutionId)).allowCredit)) {
      throw new DomainError('FEE_OVERPAYMENT', `A payment of ${describeCents(input.amountCents)} is more than the ${describeCents(owedCents)} owed on these fees.`, {
        amountCents: input.amountCents,
        balanceCents: owedCents,
      });
    }
    const lineOf = (feeId: string, amountCents: number, actionId: string | null): PaymentShareLine => {
      const fee = views.find((view) => view.id === feeId)!;
      return { feeId, feeTypeName: fee.feeType.name, actionId, amountCents, balanceBeforeCents: fee.balanceCents, balanceAfterCents: fee.balanceCents - amountCents };
    };
    if (input.dryRun) {
      return { dryRun: true, batchId: null, amountCents: input.amountCents, method: input.method, shares: shares.map((share) => lineOf(share.feeId, share.amountCents, null)), creditCents: remainderCents };
    }

    const batchId = newId();
    const lines: PaymentShareLine[] = [];
    for (const share of shares) {
      const outcome = await applyFeeActionWithin(trx, now, who, share.feeId, { kind: 'payment', amountCents: share.amountCents, method: input.method }, { ...input, batchId });
      lines.push(lineOf(share.feeId, share.amountCents, outcome.actionId));
    }
    if (remainderCents > 0) {
      await insertCreditAction(trx, {
        id: newId(),
        institution_id: institutionId,
        patron_id: patronId,
        amount_cents: remainderCents,
        reason: 'overpayment',
        fee_action_id: lines.at(-1)?.actionId ?? null,
        batch_id: batchId,
        staff_id: who.actor.kind === 'staff' ? who.actor.id : null,
        occurred_at: now.toISOString(),
      });
    }
    await recordAuditEvent(trx, who.actor, now, {
      action: 'fee.payment-across-fees',
      entityType: 'patron',
      entityId: patronId,
      after: { batchId, amountCents: input.amountCents, method: input.method, shares: lines.map(({ feeId, amountCents }) => ({ feeId, amountCents })), creditCents: remainderCents },
      reason: input.note ?? null,
    });
    return { dryRun: false, batchId, amountCents: input.amountCents, method: input.method, shares: lines, creditCents: remainderCents };
  });
}

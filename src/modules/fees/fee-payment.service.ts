import type { PaymentMethod } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { inTransaction, type ServiceContext } from '../../platform/service-context.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { feeActionAuditOf, type FeeActionRecord } from './fee-action-record.ts';
import { requireServicePoint, type FeeActionDetails, type FeeStaff } from './fee-ledger.service.ts';
import { decidePayment } from './fee-payment.policy.ts';
import { readPaymentFacts } from './fee-payment.queries.ts';
import { insertCreditAction, lockPatronForLedger, writeFeeAction } from './fee.queries.ts';

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
 * payment action, all with the same batch id, so the receipt can show each fee's share. Reads the
 * ledger (fee-payment.queries.ts), lets the policy decide (fee-payment.policy.ts), then writes, and
 * announces `fee.paid` once committed (the receipt notice goes out at once).
 */
export async function payFees(ctx: ServiceContext, who: FeeStaff, patronId: string, input: PaymentAcrossFees): Promise<PaymentAcrossFeesResult> {
  const institutionId = who.actor.institutionId;
  return inTransaction(ctx, async (trx, raise) => {
    const now = ctx.clock.now();
    if (!(await lockPatronForLedger(trx, institutionId, patronId))) throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.', { patronId });
    await requireServicePoint(trx, institutionId, input.servicePointId);
    const { facts, openFees } = await readPaymentFacts(trx, institutionId, patronId, input);
    const { shares, creditCents } = decidePayment(facts, { patronId, amountCents: input.amountCents, method: input.method, feeIds: input.feeIds });
    const lineOf = (feeId: string, amountCents: number, actionId: string | null): PaymentShareLine => {
      const { fee } = openFees.get(feeId)!;
      const balanceBeforeCents = facts.openFees.find((open) => open.id === feeId)!.totals.balanceCents;
      return { feeId, feeTypeName: fee.fee_type_name, actionId, amountCents, balanceBeforeCents, balanceAfterCents: balanceBeforeCents - amountCents };
    };
    if (input.dryRun) {
      const lines = shares.map((share) => lineOf(share.feeId, share.decision.amountCents, null));
      return { dryRun: true, batchId: null, amountCents: input.amountCents, method: input.method, shares: lines, creditCents };
    }

    const batchId = newId();
    const staffId = who.actor.kind === 'staff' ? who.actor.id : null;
    const lines: PaymentShareLine[] = [];
    for (const { feeId, decision } of shares) {
      const { fee, actions } = openFees.get(feeId)!;
      const proposed = { kind: 'payment', amountCents: decision.amountCents, method: input.method } as const;
      const record: FeeActionRecord = { actionId: newId(), institutionId, fee, sequence: actions.length + 1, proposed, decision, details: { ...input, batchId }, staffId, occurredAt: now.toISOString() };
      await writeFeeAction(trx, record, newId());
      await recordAuditEvent(trx, who.actor, now, feeActionAuditOf(record));
      lines.push(lineOf(feeId, decision.amountCents, record.actionId));
    }
    if (creditCents > 0) {
      await insertCreditAction(trx, {
        id: newId(),
        institution_id: institutionId,
        patron_id: patronId,
        amount_cents: creditCents,
        reason: 'overpayment',
        fee_action_id: lines.at(-1)?.actionId ?? null,
        batch_id: batchId,
        staff_id: staffId,
        occurred_at: now.toISOString(),
      });
    }
    await recordAuditEvent(trx, who.actor, now, {
      action: 'fee.payment-across-fees',
      entityType: 'patron',
      entityId: patronId,
      after: { batchId, amountCents: input.amountCents, method: input.method, shares: lines.map(({ feeId, amountCents }) => ({ feeId, amountCents })), creditCents },
      reason: input.note ?? null,
    });
    raise({ type: 'fee.paid', institutionId, paymentId: batchId, patronId, amountCents: input.amountCents });
    return { dryRun: false, batchId, amountCents: input.amountCents, method: input.method, shares: lines, creditCents };
  });
}

import type { Insertable } from 'kysely';
import type { FeeActionTable, PatronCreditActionTable } from '../../db/schema.ts';
import type { AuditEntry } from '../audit/index.ts';
import type { FeeActionDecision, ProposedFeeAction } from './fee.policy.ts';

/** What is recorded beside an action: the same for one fee at the desk and for thousands in a batch. */
export interface FeeActionRecordDetails {
  note?: string | null | undefined;
  servicePointId?: string | null | undefined;
  transactionReference?: string | null | undefined;
  waiverReasonId?: string | null | undefined;
  batchId?: string | null | undefined;
}

export interface FeeActionRecord {
  actionId: string;
  institutionId: string;
  fee: { id: string; patron_id: string; status: 'open' | 'closed' };
  sequence: number;
  proposed: ProposedFeeAction;
  decision: FeeActionDecision;
  details: FeeActionRecordDetails;
  staffId: string | null;
  occurredAt: string;
}

/** The fee_action row of a decided action. */
export function feeActionRowOf(record: FeeActionRecord): Insertable<FeeActionTable> {
  const { proposed, decision, details } = record;
  return {
    id: record.actionId,
    institution_id: record.institutionId,
    fee_id: record.fee.id,
    patron_id: record.fee.patron_id,
    sequence: record.sequence,
    kind: decision.kind,
    amount_cents: decision.amountCents,
    balance_after_cents: decision.balanceAfterCents,
    method: proposed.kind === 'payment' ? proposed.method : null,
    transaction_reference: details.transactionReference ?? null,
    waiver_reason_id: proposed.kind === 'waiver' ? (details.waiverReasonId ?? null) : null,
    refund_to: proposed.kind === 'refund' ? proposed.refundTo : null,
    note: details.note ?? null,
    batch_id: details.batchId ?? null,
    service_point_id: details.servicePointId ?? null,
    staff_id: record.staffId,
    occurred_at: record.occurredAt,
  };
}

/** The patron_credit_action row of a decided action that moves credit (an overpayment kept, credit spent, a refund to credit), else null. */
export function creditActionRowOf(record: FeeActionRecord, creditActionId: string): Insertable<PatronCreditActionTable> | null {
  const { proposed, decision } = record;
  if (decision.creditCents === 0) return null;
  return {
    id: creditActionId,
    institution_id: record.institutionId,
    patron_id: record.fee.patron_id,
    amount_cents: decision.creditCents,
    reason: proposed.kind === 'refund' ? 'refund' : decision.creditCents > 0 ? 'overpayment' : 'payment',
    fee_action_id: record.actionId,
    batch_id: record.details.batchId ?? null,
    staff_id: record.staffId,
    occurred_at: record.occurredAt,
  };
}

/** The audit entry of a decided action: the balance and status before and after. */
export function feeActionAuditOf(record: FeeActionRecord): AuditEntry {
  const { proposed, decision, details } = record;
  return {
    action: `fee.${decision.kind}`,
    entityType: 'fee',
    entityId: record.fee.id,
    before: { balanceCents: decision.balanceBeforeCents, status: record.fee.status },
    after: {
      actionId: record.actionId,
      amountCents: decision.amountCents,
      balanceCents: decision.balanceAfterCents,
      status: decision.statusAfter,
      creditCents: decision.creditCents,
      ...(proposed.kind === 'payment' ? { method: proposed.method } : {}),
      ...(proposed.kind === 'refund' ? { refundTo: proposed.refundTo } : {}),
      ...(details.waiverReasonId ? { waiverReasonId: details.waiverReasonId } : {}),
      ...(details.batchId ? { batchId: details.batchId } : {}),
    },
    reason: details.note ?? null,
  };
}

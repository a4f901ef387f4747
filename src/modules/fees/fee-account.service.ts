import type { Kysely } from 'kysely';
import type { Database, FeeTypeKind } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { requirePatron } from '../patrons/index.ts';
import { feeTotals, type FeeTotals } from './fee.policy.ts';
import { actionsOfFees, findFee, listFeesOfPatron, patronCreditCents, type FeeActionRow, type FeeWithType } from './fee.queries.ts';

export interface FeeActionView {
  id: string;
  kind: string;
  amountCents: number;
  balanceAfterCents: number;
  method: string | null;
  transactionReference: string | null;
  waiverReasonId: string | null;
  refundTo: string | null;
  note: string | null;
  batchId: string | null;
  servicePointId: string | null;
  staffId: string | null;
  occurredAt: string;
}

export interface FeeView {
  id: string;
  patronId: string;
  loanId: string | null;
  itemId: string | null;
  itemTitle: string | null;
  feeType: { id: string; code: string; name: string; kind: FeeTypeKind };
  ownerServicePointId: string | null;
  originalAmountCents: number;
  status: 'open' | 'closed';
  description: string | null;
  createdAt: string;
  createdBy: string | null;
  balanceCents: number;
  totals: FeeTotals;
  actions: FeeActionView[];
}

export function describeAction(row: FeeActionRow): FeeActionView {
  return {
    id: row.id,
    kind: row.kind,
    amountCents: Number(row.amount_cents),
    balanceAfterCents: Number(row.balance_after_cents),
    method: row.method,
    transactionReference: row.transaction_reference,
    waiverReasonId: row.waiver_reason_id,
    refundTo: row.refund_to,
    note: row.note,
    batchId: row.batch_id,
    servicePointId: row.service_point_id,
    staffId: row.staff_id,
    occurredAt: row.occurred_at,
  };
}

export function describeFee(fee: FeeWithType, actions: readonly FeeActionRow[]): FeeView {
  const totals = feeTotals(
    Number(fee.original_amount_cents),
    actions.map((action) => ({ kind: action.kind, amountCents: Number(action.amount_cents), refundTo: action.refund_to })),
  );
  return {
    id: fee.id,
    patronId: fee.patron_id,
    loanId: fee.loan_id,
    itemId: fee.item_id,
    itemTitle: fee.item_title,
    feeType: { id: fee.fee_type_id, code: fee.fee_type_code, name: fee.fee_type_name, kind: fee.fee_type_kind as FeeTypeKind },
    ownerServicePointId: fee.owner_service_point_id,
    originalAmountCents: Number(fee.original_amount_cents),
    status: fee.status,
    description: fee.description,
    createdAt: fee.created_at,
    createdBy: fee.created_by,
    balanceCents: totals.balanceCents,
    totals,
    actions: actions.map(describeAction),
  };
}

/** One fee with its actions, within the caller's institution. */
export async function loadFee(trx: Kysely<Database>, institutionId: string, feeId: string): Promise<FeeView> {
  const fee = await findFee(trx, institutionId, feeId);
  if (!fee) throw new DomainError('FEE_NOT_FOUND', 'There is no such fee.', { feeId });
  const actions = await actionsOfFees(trx, [fee.id]);
  return describeFee(fee, actions.get(fee.id) ?? []);
}

export interface PatronFeeAccount {
  patronId: string;
  /** What the patron owes: the sum of the balances of their fees. */
  balanceCents: number;
  creditCents: number;
  fees: FeeView[];
}

/** Every fee of a patron (or only open or closed ones) with actions and balances, oldest first. */
export async function patronFeeAccount(trx: Kysely<Database>, institutionId: string, patronId: string, status?: 'open' | 'closed'): Promise<PatronFeeAccount> {
  await requirePatron(trx, institutionId, patronId);
  const fees = await listFeesOfPatron(trx, institutionId, patronId, status);
  const actions = await actionsOfFees(
    trx,
    fees.map((fee) => fee.id),
  );
  const views = fees.map((fee) => describeFee(fee, actions.get(fee.id) ?? []));
  return {
    patronId,
    balanceCents: views.reduce((sum, fee) => sum + fee.balanceCents, 0),
    creditCents: await patronCreditCents(trx, institutionId, patronId),
    fees: views,
  };
}

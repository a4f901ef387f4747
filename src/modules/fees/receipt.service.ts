import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { feeTotals } from './fee.policy.ts';
import { actionsOfFees, listFeesOfPatron } from './fee.queries.ts';
import { buildReceipt, type Receipt } from './receipt.policy.ts';
import { actionsOfReceipt, receiptParties } from './receipt.queries.ts';

export interface LoadedReceipt {
  receipt: Receipt;
  patronEmail: string | null;
}

/**
 * What the patron owed on all fees right after `at`: a reprinted receipt shows the balance the
 * patron was told at the desk, not today's.
 */
async function patronBalanceAt(trx: Kysely<Database>, institutionId: string, patronId: string, at: string): Promise<number> {
  const fees = (await listFeesOfPatron(trx, institutionId, patronId)).filter((fee) => fee.created_at <= at);
  const actions = await actionsOfFees(
    trx,
    fees.map((fee) => fee.id),
  );
  return fees.reduce((sum, fee) => {
    const done = (actions.get(fee.id) ?? []).filter((action) => action.occurred_at <= at);
    const totals = feeTotals(
      Number(fee.original_amount_cents),
      done.map((action) => ({ kind: action.kind, amountCents: Number(action.amount_cents), refundTo: action.refund_to })),
    );
    return sum + totals.balanceCents;
  }, 0);
}

/** The receipt for an action id or a payment batch id, within the caller's institution. */
export async function loadReceipt(db: Kysely<Database>, institutionId: string, receiptId: string): Promise<LoadedReceipt> {
  const actions = await actionsOfReceipt(db, institutionId, receiptId);
  const first = actions[0];
  if (!first) throw new DomainError('RECEIPT_NOT_FOUND', 'There is no payment, waiver or refund with that receipt number.', { receiptId });
  const { institution, patron, servicePoint, staffUsername } = await receiptParties(db, institutionId, first.patron_id, first.service_point_id, first.staff_id);
  const at = actions.map((action) => action.occurred_at).reduce((latest, time) => (time > latest ? time : latest));
  const receipt = buildReceipt({
    receiptNumber: receiptId,
    institutionName: institution.name,
    currency: institution.currency,
    timeZone: servicePoint?.time_zone ?? institution.time_zone,
    servicePointName: servicePoint?.name ?? null,
    staffUsername,
    patron: { firstName: patron.first_name, preferredFirstName: patron.preferred_first_name, lastName: patron.last_name, barcode: patron.barcode },
    lines: actions.map((action) => ({
      actionId: action.id,
      kind: action.kind,
      amountCents: Number(action.amount_cents),
      balanceAfterCents: Number(action.balance_after_cents),
      method: action.method,
      transactionReference: action.transaction_reference,
      waiverReasonName: action.waiver_reason_name,
      refundTo: action.refund_to,
      occurredAt: action.occurred_at,
      feeTypeName: action.fee_type_name,
      feeDescription: action.fee_description,
      itemTitle: action.item_title,
    })),
    patronBalanceCents: await patronBalanceAt(db, institutionId, patron.id, at),
  });
  return { receipt, patronEmail: patron.email };
}

import type { Kysely } from 'kysely';
import type { Database, PaymentMethod } from '../../db/schema.ts';
import type { PaymentFacts } from './fee-payment.policy.ts';
import { feeTotals } from './fee.policy.ts';
import { actionsOfFees, feeSettingsOf, findFee, listFeesOfPatron, patronCreditCents, type FeeActionRow, type FeeWithType } from './fee.queries.ts';

/** An open fee as a payment reads it: its row, its actions so far and its balance. */
export interface OpenFeeRead {
  fee: FeeWithType;
  actions: FeeActionRow[];
}

/**
 * Everything a payment across a patron's fees is decided on, read after the caller locked the
 * patron's ledger: the open fees with their actions, the picked fees that are not open, the
 * institution's credit setting and (for a payment from credit) the patron's credit.
 */
export async function readPaymentFacts(
  trx: Kysely<Database>,
  institutionId: string,
  patronId: string,
  asked: { method: PaymentMethod; feeIds?: readonly string[] | undefined },
): Promise<{ facts: PaymentFacts; openFees: Map<string, OpenFeeRead> }> {
  const fees = await listFeesOfPatron(trx, institutionId, patronId, 'open');
  const actions = await actionsOfFees(
    trx,
    fees.map((fee) => fee.id),
  );
  const openFees = new Map(fees.map((fee) => [fee.id, { fee, actions: actions.get(fee.id) ?? [] }]));
  const pickedNotOpen = new Map<string, string | null>();
  for (const feeId of asked.feeIds ?? []) {
    if (openFees.has(feeId) || pickedNotOpen.has(feeId)) continue;
    pickedNotOpen.set(feeId, (await findFee(trx, institutionId, feeId))?.patron_id ?? null);
  }
  const facts: PaymentFacts = {
    openFees: [...openFees.values()].map(({ fee, actions: ofFee }) => ({
      id: fee.id,
      createdAt: fee.created_at,
      totals: feeTotals(
        Number(fee.original_amount_cents),
        ofFee.map((action) => ({ kind: action.kind, amountCents: Number(action.amount_cents), refundTo: action.refund_to })),
      ),
    })),
    pickedNotOpen,
    allowCredit: (await feeSettingsOf(trx, institutionId)).allowCredit,
    creditAvailableCents: asked.method === 'credit' ? await patronCreditCents(trx, institutionId, patronId) : 0,
  };
  return { facts, openFees };
}

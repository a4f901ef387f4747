import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../audit/index.ts';
import { applyFeeActionWithin, chargeFeeWithin, type FeeStaff } from './fee-ledger.service.ts';
import { loadFee } from './fee-account.service.ts';
import { feeIdsOfLoan, findLoanFeeFacts, type LoanFeeFacts } from './loan-fees.queries.ts';
import { chargesForLostItem, settlementForReturnedLostItem, type LostHow, type LostItemOutcome } from './lost-item.policy.ts';
import { describeCents } from './money.policy.ts';

/**
 * Lost item charges made from circulation, inside its transaction: the replacement and processing
 * fees when an item is declared lost or ages to lost, and what is given back when it comes home.
 */

/** Circulation changes the ledger on behalf of the staff member (or job); it never waives, so needs no waive authority. */
export function circulationFeeStaff(actor: Actor): FeeStaff {
  return { actor, permissions: new Set(), roleCode: null };
}

/** Charge the lost item policy's fees for a loan just declared lost or aged to lost. */
export async function chargeLostItemWithin(trx: Kysely<Database>, now: Date, actor: Actor, lost: { loanId: string; patronId: string | null; how: LostHow }): Promise<LostItemOutcome | null> {
  if (!lost.patronId) return null;
  const facts = await findLoanFeeFacts(trx, actor.institutionId, lost.loanId);
  if (!facts.lostItemPolicy) return null;
  const outcome = chargesForLostItem({ policy: facts.lostItemPolicy, how: lost.how, replacementCostCents: facts.replacementCostCents, currency: facts.currency });
  for (const line of outcome.lines) {
    await chargeFeeWithin(trx, now, actor, {
      patronId: lost.patronId,
      feeType: { kind: line.feeType },
      amountCents: line.amountCents,
      loanId: facts.id,
      itemId: facts.itemId,
      ownerServicePointId: facts.checkoutServicePointId,
      description: `${facts.title}: ${line.explanation}`,
    });
  }
  return outcome;
}

/** What was charged on the loan for one kind of fee (read with the loan's facts). */
function chargedOnLoan(facts: LoanFeeFacts, kind: 'lost-item-replacement' | 'lost-item-processing'): number {
  return facts.fees.filter((fee) => fee.kind === kind).reduce((total, fee) => total + fee.originalAmountCents, 0);
}

/**
 * Give back `amountCents` of the fees named: what is still owed is cancelled, what was paid is
 * refunded to the patron. The ledger never cancels more than is owed nor refunds more than was paid.
 */
async function giveBack(trx: Kysely<Database>, now: Date, actor: Actor, feeIds: string[], amountCents: number, note: string, servicePointId: string): Promise<void> {
  const staff = circulationFeeStaff(actor);
  let left = amountCents;
  for (const id of feeIds) {
    if (left <= 0) return;
    const fee = await loadFee(trx, actor.institutionId, id);
    const cancel = Math.min(left, fee.balanceCents);
    if (cancel > 0) {
      await applyFeeActionWithin(trx, now, staff, id, { kind: 'cancellation', amountCents: cancel }, { note, servicePointId });
      left -= cancel;
    }
    const refund = Math.min(left, fee.totals.paidCents - fee.totals.refundedCents);
    if (refund > 0) {
      await applyFeeActionWithin(trx, now, staff, id, { kind: 'refund', amountCents: refund, refundTo: 'patron' }, { note, servicePointId });
      left -= refund;
    }
  }
}

/**
 * A declared or aged lost item came back: refund per the policy and its time limit. A reinstated
 * overdue fine is left in the outcome for the caller to charge (it owns the loan's fines).
 */
export async function settleReturnedLostItem(
  trx: Kysely<Database>,
  now: Date,
  actor: Actor,
  facts: LoanFeeFacts,
  returned: { returnedAt: Date; overdueFineCents: number; servicePointId: string },
): Promise<LostItemOutcome> {
  if (!facts.lostItemPolicy) return { lines: [], explanation: ['The loan has no lost item policy: nothing is refunded.'] };
  const replacementIds = feeIdsOfLoan(facts, 'lost-item-replacement');
  const processingIds = feeIdsOfLoan(facts, 'lost-item-processing');
  const outcome = settlementForReturnedLostItem({
    policy: facts.lostItemPolicy,
    lostAt: new Date(facts.lostAt ?? returned.returnedAt.toISOString()),
    returnedAt: returned.returnedAt,
    chargedReplacementCents: chargedOnLoan(facts, 'lost-item-replacement'),
    chargedProcessingCents: chargedOnLoan(facts, 'lost-item-processing'),
    overdueFineCents: returned.overdueFineCents,
    currency: facts.currency,
  });
  for (const line of outcome.lines) {
    if (line.action !== 'refund') continue;
    const ids = line.feeType === 'lost-item-replacement' ? replacementIds : processingIds;
    await giveBack(trx, now, actor, ids, line.amountCents, `Lost item returned: ${line.explanation} (${describeCents(line.amountCents, facts.currency)})`, returned.servicePointId);
  }
  return outcome;
}

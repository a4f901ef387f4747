import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { decidePayment, type PaymentAsked, type PaymentFacts } from './fee-payment.policy.ts';
import { feeTotals, type LedgerAction } from './fee.policy.ts';

const fee = (id: string, createdAt: string, originalCents: number, actions: LedgerAction[] = []) => ({ id, createdAt, totals: feeTotals(originalCents, actions) });
// Ann owes a $5 overdue fine (October) and a $20 replacement fee (November), $3 of it already paid.
const ann: PaymentFacts = {
  openFees: [fee('replacement', '2026-11-02T10:00:00Z', 2000, [{ kind: 'payment', amountCents: 300 }]), fee('fine', '2026-10-05T10:00:00Z', 500)],
  pickedNotOpen: new Map([
    ['paid-printing', 'ann'],
    ['bob-fine', 'bob'],
    ['unknown', null],
  ]),
  allowCredit: false,
  creditAvailableCents: 0,
};

function outcomeOf(facts: PaymentFacts, asked: Omit<PaymentAsked, 'patronId'>): string {
  try {
    const decision = decidePayment(facts, { patronId: 'ann', ...asked });
    const shares = decision.shares.map(({ feeId, decision: share }) => `${feeId} ${share.amountCents} (${share.balanceAfterCents} left, ${share.statusAfter})`);
    return [...shares, ...(decision.creditCents > 0 ? [`credit ${decision.creditCents}`] : [])].join('; ');
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('deciding a payment across a patron’s fees', () => {
  const cases: Array<{ story: string; asked: Omit<PaymentAsked, 'patronId'>; facts?: Partial<PaymentFacts>; outcome: string }> = [
    { story: '$3 at the desk pays the oldest fee first', asked: { amountCents: 300, method: 'cash' }, outcome: 'fine 300 (200 left, open)' },
    { story: '$10 clears the fine and goes on to the replacement fee', asked: { amountCents: 1000, method: 'cash' }, outcome: 'fine 500 (0 left, closed); replacement 500 (1200 left, open)' },
    { story: 'everything owed, $22, closes both', asked: { amountCents: 2200, method: 'card' }, outcome: 'fine 500 (0 left, closed); replacement 1700 (0 left, closed)' },
    { story: 'the fees picked are paid in the order picked', asked: { amountCents: 1800, method: 'cash', feeIds: ['replacement', 'fine'] }, outcome: 'replacement 1700 (0 left, closed); fine 100 (400 left, open)' },
    { story: 'one fee picked is paid alone', asked: { amountCents: 500, method: 'cash', feeIds: ['fine'] }, outcome: 'fine 500 (0 left, closed)' },
    { story: 'paying $25 where the library keeps no credit', asked: { amountCents: 2500, method: 'cash' }, outcome: 'FEE_OVERPAYMENT' },
    { story: 'paying $25 where the library keeps credit', asked: { amountCents: 2500, method: 'cash' }, facts: { allowCredit: true }, outcome: 'fine 500 (0 left, closed); replacement 1700 (0 left, closed); credit 300' },
    { story: 'paying more than owed from credit', asked: { amountCents: 2500, method: 'credit' }, facts: { allowCredit: true, creditAvailableCents: 3000 }, outcome: 'FEE_OVERPAYMENT' },
    { story: 'paying $10 from $10 of credit', asked: { amountCents: 1000, method: 'credit' }, facts: { creditAvailableCents: 1000 }, outcome: 'fine 500 (0 left, closed); replacement 500 (1200 left, open)' },
    { story: 'paying $10 from $6 of credit', asked: { amountCents: 1000, method: 'credit' }, facts: { creditAvailableCents: 600 }, outcome: 'PATRON_CREDIT_INSUFFICIENT' },
    { story: 'picking a fee of hers already paid', asked: { amountCents: 100, method: 'cash', feeIds: ['paid-printing'] }, outcome: 'FEE_ALREADY_CLOSED' },
    { story: 'picking another patron’s fee', asked: { amountCents: 100, method: 'cash', feeIds: ['fine', 'bob-fine'] }, outcome: 'FEE_NOT_FOUND' },
    { story: 'picking a fee that does not exist', asked: { amountCents: 100, method: 'cash', feeIds: ['unknown'] }, outcome: 'FEE_NOT_FOUND' },
    { story: 'a payment of nothing', asked: { amountCents: 0, method: 'cash' }, outcome: 'VALIDATION_FAILED' },
    { story: 'a payment of half a cent', asked: { amountCents: 0.5, method: 'cash' }, outcome: 'VALIDATION_FAILED' },
    { story: 'a patron who owes nothing', asked: { amountCents: 100, method: 'cash' }, facts: { openFees: [] }, outcome: 'FEE_ALREADY_CLOSED' },
  ];
  it.each(cases)('$story → $outcome', ({ asked, facts, outcome }) => {
    expect(outcomeOf({ ...ann, ...facts }, asked)).toBe(outcome);
  });
});

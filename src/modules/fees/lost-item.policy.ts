import type { LostItemPolicySettings } from '../policies/index.ts';
import { describeCents } from './money.policy.ts';

/**
 * What a lost item costs the patron, and what is given back when it turns up again. Declared lost
 * by the patron and aged to lost charge the same way. The ledger turns each line into a fee
 * (charge, reinstate) or an action on the fee charged before (refund); it never refunds more than
 * was paid or cancels more than is owed, so lines carry the policy's amounts.
 */
export type LostItemFeeType = 'lost-item-replacement' | 'lost-item-processing' | 'overdue-fine';

export interface LostItemLine {
  feeType: LostItemFeeType;
  action: 'charge' | 'refund' | 'reinstate';
  amountCents: number;
  explanation: string;
}

export interface LostItemOutcome {
  lines: LostItemLine[];
  /** Each decision in words, including why nothing was charged or refunded. */
  explanation: string[];
}

export type LostHow = 'declared-lost' | 'aged-to-lost';

export interface LostItemChargeInput {
  policy: LostItemPolicySettings;
  how: LostHow;
  /** The item's replacement cost; absent when the item has none recorded. */
  replacementCostCents?: number | null;
  currency?: string;
}

const dayMs = 86_400_000;

function replacementCharge(input: LostItemChargeInput, currency: string): { cents: number; why: string } {
  const { policy, replacementCostCents } = input;
  if (policy.chargeReplacementCost && replacementCostCents != null) {
    return { cents: replacementCostCents, why: `the item's replacement cost, ${describeCents(replacementCostCents, currency)}` };
  }
  const amount = describeCents(policy.defaultReplacementCents, currency);
  if (policy.chargeReplacementCost) return { cents: policy.defaultReplacementCents, why: `the item has no replacement cost recorded, so the policy's set amount, ${amount}` };
  return { cents: policy.defaultReplacementCents, why: `the policy's set amount, ${amount}` };
}

/** The charges when an item is declared lost or ages to lost. */
export function chargesForLostItem(input: LostItemChargeInput): LostItemOutcome {
  const currency = input.currency ?? 'USD';
  const { policy } = input;
  const lines: LostItemLine[] = [];
  const explanation = [input.how === 'declared-lost' ? 'The patron declared the item lost.' : 'The item aged to lost.'];
  const replacement = replacementCharge(input, currency);
  if (replacement.cents > 0) {
    const text = `Replacement: ${replacement.why}.`;
    lines.push({ feeType: 'lost-item-replacement', action: 'charge', amountCents: replacement.cents, explanation: text });
    explanation.push(text);
  } else {
    explanation.push(`No replacement charge: the amount is ${describeCents(0, currency)}.`);
  }
  if (policy.processingFeeCents > 0) {
    const text = `Processing fee: ${describeCents(policy.processingFeeCents, currency)}.`;
    lines.push({ feeType: 'lost-item-processing', action: 'charge', amountCents: policy.processingFeeCents, explanation: text });
    explanation.push(text);
  }
  return { lines, explanation };
}

export interface LostItemReturnInput {
  policy: LostItemPolicySettings;
  /** When the item was declared lost or aged to lost. */
  lostAt: Date;
  returnedAt: Date;
  /** What was charged when the item was lost (the fees' original amounts; 0 when none). */
  chargedReplacementCents: number;
  chargedProcessingCents: number;
  /** The overdue fine the loan would have had up to its return (calculateOverdueFine); 0 when none. */
  overdueFineCents: number;
  currency?: string;
}

/** What is refunded and reinstated when a lost item comes back. */
export function settlementForReturnedLostItem(input: LostItemReturnInput): LostItemOutcome {
  const currency = input.currency ?? 'USD';
  const { policy } = input;
  const daysLost = Math.max(0, Math.floor((input.returnedAt.getTime() - input.lostAt.getTime()) / dayMs));
  const explanation = [`The item came back ${daysLost === 1 ? '1 day' : `${daysLost} days`} after it was lost.`];
  if (policy.refundTimeLimitDays !== null && daysLost > policy.refundTimeLimitDays) {
    explanation.push(`Nothing is refunded or reinstated: the refund time limit is ${policy.refundTimeLimitDays} days.`);
    return { lines: [], explanation };
  }
  const lines: LostItemLine[] = [];
  const add = (line: LostItemLine) => {
    lines.push(line);
    explanation.push(line.explanation);
  };
  if (input.chargedReplacementCents > 0) {
    if (policy.refundReplacementWhenReturned) {
      add({ feeType: 'lost-item-replacement', action: 'refund', amountCents: input.chargedReplacementCents, explanation: `Replacement charge refunded: ${describeCents(input.chargedReplacementCents, currency)}.` });
    } else {
      explanation.push('The replacement charge is kept: this policy does not refund it.');
    }
  }
  if (input.chargedProcessingCents > 0) {
    if (policy.refundProcessingFeeWhenReturned) {
      add({ feeType: 'lost-item-processing', action: 'refund', amountCents: input.chargedProcessingCents, explanation: `Processing fee refunded: ${describeCents(input.chargedProcessingCents, currency)}.` });
    } else {
      explanation.push('The processing fee is kept.');
    }
  }
  if (input.overdueFineCents > 0) {
    if (policy.reinstateOverdueFineWhenReturned) {
      add({ feeType: 'overdue-fine', action: 'reinstate', amountCents: input.overdueFineCents, explanation: `Overdue fine reinstated: ${describeCents(input.overdueFineCents, currency)}.` });
    } else {
      explanation.push('No overdue fine is charged: this policy does not reinstate it.');
    }
  }
  return { lines, explanation };
}

import type { PaymentMethod } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { allocatePayment, decideFeeAction, type FeeActionDecision, type FeeTotals } from './fee.policy.ts';
import { describeCents } from './money.policy.ts';

/** One of the patron's open fees as a payment sees it. */
export interface OpenFeeFacts {
  id: string;
  createdAt: string;
  totals: FeeTotals;
}

/** What a payment across fees is decided on, read inside its transaction (fee-payment.queries.ts). */
export interface PaymentFacts {
  openFees: readonly OpenFeeFacts[];
  /** Each fee picked that is not open: the patron it belongs to, or null when the institution has no such fee. */
  pickedNotOpen: ReadonlyMap<string, string | null>;
  /** The institution keeps an overpayment as patron credit instead of refusing it. */
  allowCredit: boolean;
  /** The patron's credit (read only for a payment from credit). */
  creditAvailableCents: number;
}

export interface PaymentAsked {
  patronId: string;
  amountCents: number;
  method: PaymentMethod;
  /** The fees the staff member picked, in the order to pay them; otherwise every open fee, oldest first. */
  feeIds?: readonly string[] | undefined;
}

export interface PaymentDecision {
  /** One payment action per fee, in the order paid. */
  shares: { feeId: string; decision: FeeActionDecision }[];
  /** What is left over, kept as patron credit. */
  creditCents: number;
}

/**
 * Decide one payment spread over a patron's fees: which fees it pays and how much of each, and what
 * becomes credit. Throws a DomainError naming the rule the payment breaks (a fee picked that is
 * closed or not the patron's, credit the patron lacks, an overpayment the institution does not keep).
 */
export function decidePayment(facts: PaymentFacts, asked: PaymentAsked): PaymentDecision {
  for (const feeId of asked.feeIds ?? []) {
    if (!facts.pickedNotOpen.has(feeId)) continue;
    if (facts.pickedNotOpen.get(feeId) === asked.patronId) throw new DomainError('FEE_ALREADY_CLOSED', 'One of the fees picked has nothing left to pay.', { feeId });
    throw new DomainError('FEE_NOT_FOUND', 'One of the fees picked is not a fee of this patron.', { feeId });
  }
  const { shares, remainderCents } = allocatePayment(
    facts.openFees.map((fee) => ({ id: fee.id, createdAt: fee.createdAt, balanceCents: fee.totals.balanceCents })),
    asked.amountCents,
    asked.feeIds,
  );
  const fromCredit = asked.method === 'credit';
  if (fromCredit && asked.amountCents > facts.creditAvailableCents) {
    throw new DomainError('PATRON_CREDIT_INSUFFICIENT', 'The patron does not have that much credit.', { creditAvailableCents: facts.creditAvailableCents, amountCents: asked.amountCents });
  }
  const owedCents = asked.amountCents - remainderCents;
  if (remainderCents > 0 && (fromCredit || !facts.allowCredit)) {
    throw new DomainError('FEE_OVERPAYMENT', `A payment of ${describeCents(asked.amountCents)} is more than the ${describeCents(owedCents)} owed on these fees.`, {
      amountCents: asked.amountCents,
      balanceCents: owedCents,
    });
  }
  let creditLeftCents = facts.creditAvailableCents;
  return {
    shares: shares.map((share) => {
      const fee = facts.openFees.find((open) => open.id === share.feeId)!;
      const decision = decideFeeAction(
        fee.totals,
        { kind: 'payment', amountCents: share.amountCents, method: asked.method },
        { allowCredit: facts.allowCredit, waiveAuthority: { kind: 'none' }, creditAvailableCents: creditLeftCents },
      );
      creditLeftCents += decision.creditCents;
      return { feeId: share.feeId, decision };
    }),
    creditCents: remainderCents,
  };
}

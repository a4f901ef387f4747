import type { FeeActionKind, PaymentMethod, RefundTarget } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { describeCents as money } from './money.policy.ts';

/**
 * The fee ledger's rules, free of I/O. A fee keeps its original amount; every change is an
 * action, and the balance is derived from them:
 *   balance = original + adjustments − paid − waived − transferred − cancelled + refunded-to-balance
 * A refund to the patron or to credit gives money back without changing what is owed; a refund
 * to the balance reverses a payment (a bounced cheque) and so the patron owes it again.
 */

export const waiveUnlimitedPermission = 'fees.waive-unlimited';
export const waivePermission = 'fees.waive';

/** A role with fees.waive but no limit of its own set may waive up to this much in one action. */
export const defaultWaiveLimitCents = 2500;

export interface LedgerAction {
  kind: FeeActionKind;
  amountCents: number;
  refundTo?: RefundTarget | null | undefined;
}

export interface FeeTotals {
  originalCents: number;
  adjustedCents: number;
  paidCents: number;
  waivedCents: number;
  transferredCents: number;
  cancelledCents: number;
  refundedCents: number;
  refundedToBalanceCents: number;
  balanceCents: number;
}

export function feeTotals(originalCents: number, actions: readonly LedgerAction[]): FeeTotals {
  const totals: FeeTotals = {
    originalCents,
    adjustedCents: 0,
    paidCents: 0,
    waivedCents: 0,
    transferredCents: 0,
    cancelledCents: 0,
    refundedCents: 0,
    refundedToBalanceCents: 0,
    balanceCents: 0,
  };
  for (const action of actions) {
    if (action.kind === 'adjustment') totals.adjustedCents += action.amountCents;
    else if (action.kind === 'payment') totals.paidCents += action.amountCents;
    else if (action.kind === 'waiver') totals.waivedCents += action.amountCents;
    else if (action.kind === 'transfer') totals.transferredCents += action.amountCents;
    else if (action.kind === 'cancellation') totals.cancelledCents += action.amountCents;
    else {
      totals.refundedCents += action.amountCents;
      if (action.refundTo === 'balance') totals.refundedToBalanceCents += action.amountCents;
    }
  }
  totals.balanceCents =
    originalCents + totals.adjustedCents - totals.paidCents - totals.waivedCents - totals.transferredCents - totals.cancelledCents + totals.refundedToBalanceCents;
  return totals;
}

export function feeStatusOf(balanceCents: number): 'open' | 'closed' {
  return balanceCents > 0 ? 'open' : 'closed';
}

export type WaiveAuthority = { kind: 'none' } | { kind: 'limited'; maxCents: number } | { kind: 'unlimited' };

/** What a staff member may waive: nothing without fees.waive, anything with fees.waive-unlimited, else their role's limit. */
export function waiveAuthorityOf(permissions: ReadonlySet<string>, roleLimitCents: number | null | undefined): WaiveAuthority {
  if (permissions.has(waiveUnlimitedPermission)) return { kind: 'unlimited' };
  if (!permissions.has(waivePermission)) return { kind: 'none' };
  return { kind: 'limited', maxCents: roleLimitCents ?? defaultWaiveLimitCents };
}

export type ProposedFeeAction =
  | { kind: 'payment'; amountCents: number; method: PaymentMethod }
  | { kind: 'waiver'; amountCents: number }
  | { kind: 'refund'; amountCents: number; refundTo: RefundTarget }
  | { kind: 'transfer'; amountCents: number }
  | { kind: 'cancellation'; amountCents: number }
  | { kind: 'adjustment'; amountCents: number };

export interface FeeActionContext {
  /** The institution keeps an overpayment as patron credit instead of refusing it. */
  allowCredit: boolean;
  waiveAuthority: WaiveAuthority;
  /** The patron's credit, spent by a payment with method 'credit'. */
  creditAvailableCents: number;
}

export interface FeeActionDecision {
  kind: FeeActionKind;
  /** What the action row records: the part that applies to this fee. */
  amountCents: number;
  /** Change to the patron's credit: + an overpayment or a refund kept as credit, − credit spent. */
  creditCents: number;
  balanceBeforeCents: number;
  balanceAfterCents: number;
  statusAfter: 'open' | 'closed';
}

function requireWholeCents(amountCents: number, allowNegative: boolean): void {
  const valid = Number.isSafeInteger(amountCents) && (allowNegative ? amountCents !== 0 : amountCents > 0);
  if (!valid) {
    throw new DomainError('VALIDATION_FAILED', allowNegative ? 'An adjustment must be a whole number of cents other than zero.' : 'The amount must be a positive whole number of cents.', {
      field: 'amountCents',
      amountCents,
    });
  }
}

function alreadyClosed(kind: FeeActionKind): DomainError {
  return new DomainError('FEE_ALREADY_CLOSED', `This fee has nothing left to pay, so there is nothing to apply a ${kind} to.`, { kind });
}

function exceedsBalance(kind: FeeActionKind, amountCents: number, balanceCents: number): DomainError {
  return new DomainError('FEE_AMOUNT_EXCEEDS_BALANCE', `A ${kind} of ${money(amountCents)} is more than the ${money(balanceCents)} still owed.`, {
    kind,
    amountCents,
    balanceCents,
  });
}

/**
 * Decide whether an action may be applied to a fee with these totals, and what it does. Throws a
 * DomainError naming the rule it breaks; never lets the balance go below zero.
 */
export function decideFeeAction(totals: FeeTotals, proposed: ProposedFeeAction, context: FeeActionContext): FeeActionDecision {
  const balance = totals.balanceCents;
  // Nothing owed: say so before judging the amount (an "all of it" action on a closed fee is 0).
  if (balance <= 0 && (proposed.kind === 'payment' || proposed.kind === 'waiver' || proposed.kind === 'transfer' || proposed.kind === 'cancellation')) {
    throw alreadyClosed(proposed.kind);
  }
  requireWholeCents(proposed.amountCents, proposed.kind === 'adjustment');
  let applied = proposed.amountCents;
  let creditCents = 0;

  switch (proposed.kind) {
    case 'payment': {
      if (proposed.method === 'credit' && proposed.amountCents > context.creditAvailableCents) {
        throw new DomainError('PATRON_CREDIT_INSUFFICIENT', `The patron has ${money(context.creditAvailableCents)} of credit, less than ${money(proposed.amountCents)}.`, {
          creditAvailableCents: context.creditAvailableCents,
          amountCents: proposed.amountCents,
        });
      }
      if (proposed.amountCents > balance) {
        // Credit spent on more than is owed would only move credit around; refuse it outright.
        if (!context.allowCredit || proposed.method === 'credit') {
          throw new DomainError('FEE_OVERPAYMENT', `A payment of ${money(proposed.amountCents)} is more than the ${money(balance)} owed.`, {
            amountCents: proposed.amountCents,
            balanceCents: balance,
          });
        }
        applied = balance;
        creditCents = proposed.amountCents - balance;
      }
      if (proposed.method === 'credit') creditCents = -applied;
      break;
    }
    case 'waiver': {
      if (applied > balance) throw exceedsBalance('waiver', applied, balance);
      const authority = context.waiveAuthority;
      if (authority.kind === 'none') {
        throw new DomainError('FORBIDDEN', `You need the ${waivePermission} permission to waive fees.`, { permission: waivePermission });
      }
      if (authority.kind === 'limited' && applied > authority.maxCents) {
        throw new DomainError(
          'WAIVE_LIMIT_EXCEEDED',
          `Your role may waive up to ${money(authority.maxCents)} at a time; waiving ${money(applied)} needs the ${waiveUnlimitedPermission} permission.`,
          { permission: waiveUnlimitedPermission, limitCents: authority.maxCents, amountCents: applied },
        );
      }
      break;
    }
    case 'transfer':
    case 'cancellation': {
      if (applied > balance) throw exceedsBalance(proposed.kind, applied, balance);
      break;
    }
    case 'refund': {
      const refundable = totals.paidCents - totals.refundedCents;
      if (applied > refundable) {
        throw new DomainError('REFUND_EXCEEDS_PAID', `Only ${money(Math.max(0, refundable))} paid on this fee has not been refunded; ${money(applied)} cannot be refunded.`, {
          amountCents: applied,
          refundableCents: Math.max(0, refundable),
        });
      }
      if (proposed.refundTo === 'credit') creditCents = applied;
      break;
    }
    case 'adjustment': {
      if (applied < 0 && balance <= 0) throw alreadyClosed('adjustment');
      if (-applied > balance) throw exceedsBalance('adjustment', -applied, balance);
      break;
    }
  }

  const balanceAfter = balanceAfterAction(balance, proposed.kind, applied, proposed.kind === 'refund' ? proposed.refundTo : null);
  return { kind: proposed.kind, amountCents: applied, creditCents, balanceBeforeCents: balance, balanceAfterCents: balanceAfter, statusAfter: feeStatusOf(balanceAfter) };
}

function balanceAfterAction(balance: number, kind: FeeActionKind, amountCents: number, refundTo: RefundTarget | null): number {
  if (kind === 'adjustment') return balance + amountCents;
  if (kind === 'refund') return refundTo === 'balance' ? balance + amountCents : balance;
  return balance - amountCents;
}

export interface PayableFee {
  id: string;
  createdAt: string;
  balanceCents: number;
}

export interface PaymentShare {
  feeId: string;
  amountCents: number;
}

/**
 * Spread one payment over several fees: the fees the staff member picked, in the order picked,
 * or else every open fee oldest first. Whatever is left after all of them is the remainder
 * (an overpayment, refused or kept as credit by the caller).
 */
export function allocatePayment(openFees: readonly PayableFee[], amountCents: number, pickedFeeIds?: readonly string[]): { shares: PaymentShare[]; remainderCents: number } {
  requireWholeCents(amountCents, false);
  let order: PayableFee[];
  if (pickedFeeIds && pickedFeeIds.length > 0) {
    order = [...new Set(pickedFeeIds)].map((id) => {
      const fee = openFees.find((candidate) => candidate.id === id);
      if (!fee) throw new DomainError('FEE_NOT_FOUND', 'One of the fees picked is not an open fee of this patron.', { feeId: id });
      return fee;
    });
  } else {
    order = [...openFees].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
  const shares: PaymentShare[] = [];
  let left = amountCents;
  for (const fee of order) {
    if (left === 0) break;
    if (fee.balanceCents <= 0) continue;
    const share = Math.min(left, fee.balanceCents);
    shares.push({ feeId: fee.id, amountCents: share });
    left -= share;
  }
  if (shares.length === 0) throw new DomainError('FEE_ALREADY_CLOSED', 'There is nothing owed on the fees picked.', {});
  return { shares, remainderCents: left };
}

import type { LoanState } from '../../db/schema.ts';

/**
 * When the desk may take back a check-out it has just made (UI.md: "Undo the last action where it
 * is safe"). Pure; the clock is a parameter. Safe means the loan is a minute old at most and
 * nothing has happened to it since: no renewal, no due date change or recall, no fee, no notice.
 */
export const undoWindowMs = 60_000;

/**
 * Overrides of the item's own status: the check-out took an item in transit, held for another
 * patron, missing or otherwise unavailable, and moved someone else's request. What it was cannot be
 * put back from the loan, so such a loan is checked in instead, which routes the item properly.
 */
export const itemStatusOverrides: ReadonlySet<string> = new Set(['ITEM_IN_TRANSIT', 'ITEM_AWAITING_PICKUP_FOR_OTHER', 'ITEM_MISSING', 'ITEM_UNAVAILABLE']);

export interface UndoCheckOutFacts {
  now: Date;
  loan: {
    status: 'open' | 'closed';
    state: LoanState;
    loanedAt: string;
    dueAt: string;
    originalDueAt: string;
    renewalCount: number;
    recalledAt: string | null;
  };
  /** The staff member who made the check-out (from its audit event); null when it was not staff. */
  checkedOutBy: string | null;
  /** Refusal codes the check-out overrode. */
  overridden: readonly string[];
  feeCount: number;
  noticeCount: number;
  staffId: string | null;
  mayOverride: boolean;
}

export type UndoRefusalReason = 'loan-ended' | 'too-late' | 'renewed' | 'due-date-changed' | 'fee-charged' | 'notice-sent' | 'item-status-overridden' | 'not-yours';

export interface UndoRefusal {
  reason: UndoRefusalReason;
  message: string;
}

/** Why this check-out may not be undone now, in one sentence; null when it may. */
export function undoCheckOutRefusal(facts: UndoCheckOutFacts): UndoRefusal | null {
  const { loan, now } = facts;
  if (loan.status !== 'open' || loan.state !== 'checked-out') {
    return { reason: 'loan-ended', message: 'This loan is no longer simply checked out, so its check-out cannot be undone.' };
  }
  if (now.getTime() - new Date(loan.loanedAt).getTime() > undoWindowMs) {
    return { reason: 'too-late', message: 'A check-out can be undone only within a minute; check the item in instead.' };
  }
  if (loan.renewalCount > 0) return { reason: 'renewed', message: 'This loan has been renewed since; check the item in instead.' };
  if (loan.dueAt !== loan.originalDueAt || loan.recalledAt !== null) {
    return { reason: 'due-date-changed', message: 'The due date of this loan has changed since; check the item in instead.' };
  }
  if (facts.feeCount > 0) return { reason: 'fee-charged', message: 'A fee has been charged on this loan; check the item in instead.' };
  if (facts.noticeCount > 0) return { reason: 'notice-sent', message: 'A notice about this loan has already gone to the patron; check the item in instead.' };
  if (facts.overridden.some((code) => itemStatusOverrides.has(code))) {
    return { reason: 'item-status-overridden', message: "This check-out overrode the item's status; check the item in so it goes where it should." };
  }
  if (!facts.mayOverride && (facts.checkedOutBy === null || facts.checkedOutBy !== facts.staffId)) {
    return { reason: 'not-yours', message: 'Only the staff member who checked this item out, or a supervisor, may undo the check-out.' };
  }
  return null;
}

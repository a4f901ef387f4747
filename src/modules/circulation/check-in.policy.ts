import type { ItemStatus, LoanState } from '../../db/schema.ts';
import type { CheckInAction } from './check-in-routing.policy.ts';

/**
 * What a check-in does to the loan it closes, and how a lost, claimed-returned or missing item is
 * resolved. Pure; where the item goes next is check-in-routing.policy.ts.
 */
export type Resolution = 'found-by-library' | 'returned-by-patron';
export type FoundBy = 'library' | 'patron';

const unresolvedLoanStates: ReadonlySet<LoanState> = new Set(['claimed-returned', 'declared-lost', 'aged-to-lost']);
const unresolvedItemStatuses: ReadonlySet<ItemStatus> = new Set(['missing', 'claimed-returned', 'declared-lost', 'aged-to-lost', 'lost-and-paid']);

/**
 * A claimed-returned item that turns up was usually found on the shelf; a lost item that comes
 * back was usually brought by the patron. The desk may say otherwise.
 */
function resolutionOf(previous: string, foundBy: FoundBy | undefined, onLoan: boolean): Resolution {
  if (foundBy) return foundBy === 'library' ? 'found-by-library' : 'returned-by-patron';
  if (!onLoan) return 'found-by-library';
  return previous === 'claimed-returned' ? 'found-by-library' : 'returned-by-patron';
}

export interface LoanClosing {
  state: 'returned' | 'found-by-library';
  /** Set when the loan was lost or claimed returned. */
  resolution: Resolution | undefined;
  overdue: boolean;
  /** The patron stays on the closed loan only when they keep their loan history. */
  keepHistory: boolean;
  /** The loan-closed outbox event names the patron only when a fine or a refund may follow. */
  eventNamesPatron: boolean;
}

export function closingOfLoan(loan: { state: LoanState; dueAt: string; keepsLoanHistory: boolean }, returnedAt: Date, foundBy: FoundBy | undefined): LoanClosing {
  const unresolved = unresolvedLoanStates.has(loan.state);
  const resolution = unresolved ? resolutionOf(loan.state, foundBy, true) : undefined;
  const overdue = returnedAt.getTime() > new Date(loan.dueAt).getTime();
  return { state: resolution === 'found-by-library' ? 'found-by-library' : 'returned', resolution, overdue, keepHistory: loan.keepsLoanHistory, eventNamesPatron: overdue || unresolved };
}

/** An item not on loan that was missing, lost or claimed returned is resolved by turning up; others need nothing. */
export function resolutionOfItemNotOnLoan(status: ItemStatus, foundBy: FoundBy | undefined): Resolution | undefined {
  return unresolvedItemStatuses.has(status) ? resolutionOf(status, foundBy, false) : undefined;
}

/** Where the 'item.checked-in' event says the item went. */
export function routedToOf(action: CheckInAction): 'shelf' | 'hold-shelf' | 'in-transit' | 'set-aside' {
  if (action === 'shelve') return 'shelf';
  if (action === 'route') return 'in-transit';
  return action;
}

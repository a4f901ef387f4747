/**
 * What circulation announces after a desk, kiosk or job change commits (src/platform/domain-events.ts).
 * The durable record is the circulation event outbox (circulation-events.ts); these are the node's
 * notice that something happened, for subscribers that act at once (notices, later statistics).
 */
declare module '../../platform/domain-events.ts' {
  interface DomainEventMap {
    /** A patron borrowed an item, at a desk or a kiosk. */
    'loan.created': { loanId: string; itemId: string; patronId: string; servicePointId: string; dueAt: string };
    /** A loan's due date moved on by a renewal. */
    'loan.renewed': { loanId: string; itemId: string; patronId: string; dueAt: string };
    /** A loan ended at check-in: returned (overdue or not), or a lost or claimed-returned item came back. */
    'loan.closed': { loanId: string; itemId: string; servicePointId: string; state: 'returned' | 'found-by-library'; overdue: boolean };
    /** A check-out was taken back at the desk as if it had not happened: the loan is gone. */
    'loan.check-out-undone': { loanId: string; itemId: string };
    /** An item was checked in at a service point, and where it went next. */
    'item.checked-in': { itemId: string; loanId: string | null; servicePointId: string; routedTo: 'shelf' | 'hold-shelf' | 'in-transit' | 'set-aside' };
  }
}

export {};

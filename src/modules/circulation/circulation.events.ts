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
    /** An item was checked in at a service point, and where it went next. */
    'item.checked-in': { itemId: string; loanId: string | null; servicePointId: string; routedTo: 'shelf' | 'hold-shelf' | 'in-transit' };
  }
}

export {};

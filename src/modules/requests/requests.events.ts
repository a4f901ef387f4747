/**
 * What the request queue announces after a change commits (src/platform/domain-events.ts). The
 * request row itself is the durable record; the notices module subscribes to send the patron word at once.
 */
declare module '../../platform/domain-events.ts' {
  interface DomainEventMap {
    /** An item reached the hold shelf for the patron who requested it. */
    'hold.awaiting-pickup': { requestId: string; itemId: string; patronId: string; pickupServicePointId: string };
    /** A patron's request was placed (hold, recall or page). */
    'request.placed': { requestId: string; patronId: string; requestType: string };
    /** A request ended without a loan: cancelled by staff or patron, expired, or not picked up in time. */
    'request.closed': { requestId: string; patronId: string; status: string };
  }
}

export {};

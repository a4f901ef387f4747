/**
 * What the fee ledger announces after a change commits (src/platform/domain-events.ts); the ledger
 * rows are the durable record, the notices module subscribes to send the receipt at once.
 */
declare module '../../platform/domain-events.ts' {
  interface DomainEventMap {
    /** A patron paid toward their fees (desk, kiosk or portal). */
    'fee.paid': { paymentId: string; patronId: string; amountCents: number };
    /** Staff waived part or all of a fee (the patron gets a receipt). */
    'fee.waived': { feeActionId: string; patronId: string; amountCents: number };
    /** Money paid on a fee went back to the patron, to credit or to the balance (the patron gets a receipt). */
    'fee.refunded': { feeActionId: string; patronId: string; amountCents: number };
  }
}

export {};

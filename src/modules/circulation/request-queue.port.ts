import type { Kysely } from 'kysely';
import type { Database, RequestStatus } from '../../db/schema.ts';
import type { ServiceContext } from '../../platform/service-context.ts';

/**
 * What circulation asks of the request queue: at check-in (does someone wait for this item? then
 * the hold shelf or in transit), at check-out (is it held for this patron? fill their request), at
 * renewal (is it requested? renewal blocked) and when a check-out is undone (reopen the request it
 * filled). The requests module sits above circulation and implements this
 * (requests/request-queue-for-circulation.ts); the node's context carries it, so circulation never
 * imports requests. Every call runs inside the caller's transaction.
 */
export interface RequestQueue {
  /** The hold the item already waits on at a hold shelf, else the next request in line. */
  firstWaitingRequestForItem(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<WaitingRequest | null>;
  itemHasOpenRequests(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<boolean>;
  /** After check-in routed the item to a waiting request: the request goes on the hold shelf (with a slip) or in transit. */
  holdForWaitingRequest(trx: Kysely<Database>, institutionId: string, request: WaitingRequest, itemId: string, onHoldShelf: boolean, now: Date): Promise<HoldSlip | null>;
  /**
   * Check-in found the item on a hold shelf past its deadline: the hold closes as pickup-expired (the
   * patron's notice follows from the closed request) before the item is routed on.
   */
  closeExpiredHoldAtCheckIn(trx: Kysely<Database>, institutionId: string, request: WaitingRequest, now: Date): Promise<void>;
  /** The slip of a hold already on the shelf, to print again. */
  reprintHoldSlip(trx: Kysely<Database>, institutionId: string, requestId: string): Promise<HoldSlip | null>;
  /** The patron the item is held for (hold shelf or page), or null. */
  patronHoldingItem(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<string | null>;
  /** At check-out: the borrower's own request is filled; a hold for someone else waits for the next copy. */
  settleRequestsForLoan(trx: Kysely<Database>, institutionId: string, itemId: string, patronId: string, loanId: string, now: Date): Promise<void>;
  /** A check-out being undone: the request it filled opens again as it was; null when it filled none. */
  reopenRequestFilledByLoan(trx: Kysely<Database>, institutionId: string, loanId: string, now: Date): Promise<ReopenedRequest | null>;
}

/** What circulation's use cases need of the node: the service context and the request queue. */
export interface CirculationContext extends ServiceContext {
  requestQueue: RequestQueue;
  loanNotices: LoanNotices;
}

/**
 * What circulation asks of the notices module (which sits above it): whether a notice about a loan
 * has gone to the patron, so that a check-out is no longer undone silently. Implemented by
 * notices/loan-notices-for-circulation.ts; runs in the caller's transaction.
 */
export interface LoanNotices {
  noticesOfLoan(trx: Kysely<Database>, institutionId: string, loanId: string): Promise<number>;
}

/** A request waiting for an item, as check-in routes it. */
export interface WaitingRequest {
  requestId: string;
  patronId: string;
  pickupServicePointId: string;
  pickupServicePointName: string;
  status: RequestStatus;
  /** Set while the item waits on the hold shelf for this request. */
  holdShelfExpiresAt: string | null;
}

export interface HoldSlip {
  requestId: string;
  patron: string;
  itemBarcode: string;
  title: string;
  pickupServicePoint: string;
  holdShelfExpiresAt: string;
}

/** The request an undone check-out had filled, open again, and the status its item goes back to. */
export interface ReopenedRequest {
  requestId: string;
  status: Extract<RequestStatus, 'open-not-yet-filled' | 'open-awaiting-pickup'>;
  /** false: a title-level request gives the copy back and waits for any copy again */
  keepsItem: boolean;
  itemStatus: 'awaiting-pickup' | 'paged' | 'available';
}

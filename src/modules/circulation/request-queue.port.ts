import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  closeRequest,
  firstWaitingRequest,
  holdSlipOf,
  itemIsRequested,
  patronItemIsHeldFor,
  routeItemToRequest,
  settleRequestsAtCheckOut,
  type HoldSlip,
  type QueuedRequest,
} from '../requests/request-queue.queries.ts';
export { reopenRequestFilledByLoan, type ReopenedRequest } from '../requests/request-undo.queries.ts';

/**
 * What circulation asks of the request queue (src/modules/requests): at check-in (does someone
 * wait for this item? then the hold shelf or in transit), at check-out (is it held for this patron?
 * fill their request) and at renewal (is it requested? renewal blocked). The queue's queries import
 * nothing from circulation, so there is no import cycle.
 */
export type WaitingRequest = QueuedRequest;
export type { HoldSlip };

/** The hold the item already waits on at a hold shelf, else the next request in line. */
export async function firstWaitingRequestForItem(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<WaitingRequest | null> {
  return firstWaitingRequest(trx, institutionId, itemId);
}

export async function itemHasOpenRequests(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<boolean> {
  return itemIsRequested(trx, institutionId, itemId);
}

/** After check-in routed the item to a waiting request: the request goes on the hold shelf (with a slip) or in transit. */
export async function holdForWaitingRequest(trx: Kysely<Database>, institutionId: string, request: WaitingRequest, itemId: string, onHoldShelf: boolean, now: Date): Promise<HoldSlip | null> {
  return routeItemToRequest(trx, institutionId, request.requestId, itemId, onHoldShelf, now);
}

/**
 * Check-in found the item on a hold shelf past its deadline: the hold closes as pickup-expired (the
 * patron's notice follows from the closed request) before the item is routed on.
 */
export async function closeExpiredHoldAtCheckIn(trx: Kysely<Database>, institutionId: string, request: WaitingRequest, now: Date): Promise<void> {
  await closeRequest(trx, institutionId, request.requestId, { status: 'closed-pickup-expired' }, now);
}

/** The slip of a hold already on the shelf, to print again. */
export async function reprintHoldSlip(trx: Kysely<Database>, institutionId: string, requestId: string): Promise<HoldSlip | null> {
  return holdSlipOf(trx, institutionId, requestId);
}

/** The patron the item is held for (hold shelf or page), or null. */
export async function patronHoldingItem(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<string | null> {
  return patronItemIsHeldFor(trx, institutionId, itemId);
}

export async function settleRequestsForLoan(trx: Kysely<Database>, institutionId: string, itemId: string, patronId: string, loanId: string, now: Date): Promise<void> {
  return settleRequestsAtCheckOut(trx, institutionId, itemId, patronId, loanId, now);
}

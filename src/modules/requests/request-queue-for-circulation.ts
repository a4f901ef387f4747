import type { RequestQueue } from '../circulation/index.ts';
import { closeRequest, firstWaitingRequest, holdSlipOf, itemIsRequested, patronItemIsHeldFor, routeItemToRequest, settleRequestsAtCheckOut } from './request-queue.queries.ts';
import { reopenRequestFilledByLoan } from './request-undo.queries.ts';

/**
 * The request queue as circulation sees it (circulation/request-queue.port.ts): requests sits above
 * circulation, so circulation is handed this in its context (src/node-context.ts) instead of
 * importing requests. Stateless: each call works in the caller's transaction.
 */
export const requestQueueForCirculation: RequestQueue = {
  firstWaitingRequestForItem: (trx, institutionId, itemId) => firstWaitingRequest(trx, institutionId, itemId),
  itemHasOpenRequests: (trx, institutionId, itemId) => itemIsRequested(trx, institutionId, itemId),
  holdForWaitingRequest: (trx, institutionId, request, itemId, onHoldShelf, now) => routeItemToRequest(trx, institutionId, request.requestId, itemId, onHoldShelf, now),
  closeExpiredHoldAtCheckIn: (trx, institutionId, request, now) => closeRequest(trx, institutionId, request.requestId, { status: 'closed-pickup-expired' }, now),
  reprintHoldSlip: (trx, institutionId, requestId) => holdSlipOf(trx, institutionId, requestId),
  patronHoldingItem: (trx, institutionId, itemId) => patronItemIsHeldFor(trx, institutionId, itemId),
  settleRequestsForLoan: (trx, institutionId, itemId, patronId, loanId, now) => settleRequestsAtCheckOut(trx, institutionId, itemId, patronId, loanId, now),
  reopenRequestFilledByLoan: (trx, institutionId, loanId, now) => reopenRequestFilledByLoan(trx, institutionId, loanId, now),
};

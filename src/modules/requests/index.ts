/** What other modules may use of requests: placing one (the one page-or-hold rule decides inside), cancelling, moving pickup. */
export { placeRequest, type PlaceRequest } from './request.service.ts';
export { cancelRequest, changeRequestPickup } from './request-changes.service.ts';
export { type RequestView } from './request.queries.ts';
export { isRequestOfPatron, openRequestOfPatronOn, openRequestsOfPatron } from './request.reads.ts';
/** The statuses of a request still open: waiting for a copy, in transit, or on the hold shelf. */
export { openRequestStatuses } from './request-queue.queries.ts';
export { requestStatuses, type RequestStatus } from './request-status.ts';
export { copyStanding, requestTypeFor, type CopyStanding } from './request-placement.policy.ts';
/** The queue circulation asks at check-out, check-in, renewal and undo; the node's context hands it to circulation. */
export { requestQueueForCirculation } from './request-queue-for-circulation.ts';
export { runHoldShelfExpiry } from './hold-shelf.service.ts';

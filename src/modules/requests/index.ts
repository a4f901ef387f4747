/** What other modules may use of requests: placing one (the one page-or-hold rule decides inside), cancelling, moving pickup. */
export { placeRequest, type PlaceRequest } from './request.service.ts';
export { cancelRequest, changeRequestPickup } from './request-changes.service.ts';
export { openRequestOfPatronOn, type RequestView } from './request.queries.ts';
export { copyStanding, requestTypeFor, type CopyStanding } from './request-placement.policy.ts';

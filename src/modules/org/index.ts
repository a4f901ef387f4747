/** What other modules may use of the organisation: its service points. */
export { pickupServicePoints } from './service-point.reads.ts';
export type { ServicePointView } from './service-point.queries.ts';

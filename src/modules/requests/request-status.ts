/**
 * Every state a request can be in, written once: the request table's column, the desk's request filter and the
 * kiosk's and portal's words for a request all take this union. Open requests wait; closed ones say how they ended.
 */
export const requestStatuses = [
  'open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup', 'closed-filled', 'closed-cancelled', 'closed-unfilled', 'closed-pickup-expired',
] as const;

export type RequestStatus = (typeof requestStatuses)[number];

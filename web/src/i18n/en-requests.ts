// Words of requests, the pick list and the hold shelf.
export const enRequests = {
} as const;

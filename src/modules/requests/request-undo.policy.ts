import type { RequestStatus } from '../../db/schema.ts';

/**
 * Where a request stood before a check-out filled it, read from the closed request itself: closing
 * it as filled changes only its status, loan and copy. Only the hold shelf sets awaiting_pickup_at,
 * and a request leaving the shelf unfilled has it cleared, so a filled request that still has it was
 * waiting on the shelf; a page otherwise waited in the stacks (item 'paged'); any other request was
 * a hold on a copy the patron found on the shelf.
 */
export interface FilledRequestFacts {
  type: 'hold' | 'recall' | 'page';
  level: 'item' | 'title';
  awaitingPickupAt: string | null;
  holdShelfExpiresAt: string | null;
}

export interface ReopenedRequestState {
  status: Extract<RequestStatus, 'open-not-yet-filled' | 'open-awaiting-pickup'>;
  /** false: a title-level request gives the copy back and waits for any copy again */
  keepsItem: boolean;
  itemStatus: 'awaiting-pickup' | 'paged' | 'available';
}

export function stateBeforeFilling(request: FilledRequestFacts): ReopenedRequestState {
  if (request.awaitingPickupAt !== null && request.holdShelfExpiresAt !== null) return { status: 'open-awaiting-pickup', keepsItem: true, itemStatus: 'awaiting-pickup' };
  if (request.type === 'page') return { status: 'open-not-yet-filled', keepsItem: true, itemStatus: 'paged' };
  return { status: 'open-not-yet-filled', keepsItem: request.level === 'item', itemStatus: 'available' };
}

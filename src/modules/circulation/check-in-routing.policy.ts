import type { ItemStatus } from '../../db/schema.ts';
import type { WaitingRequest } from './request-queue.port.ts';

/**
 * Where a checked-in item goes next, and the one line that tells the desk worker. Pure.
 * 0. It is withdrawn, damaged, in repair, on order, in process or unavailable: it keeps that status
 *    and is set aside for the department that has it (unless staff chose to make it available).
 * 1. It already waits on a hold shelf for someone: it stays there (same slip) or goes back there.
 * 2. Someone waits for it: the hold shelf here, or in transit to their pickup desk.
 * 3. This desk serves the item's shelving location: back on the shelf.
 * 4. Otherwise: in transit to the location's primary service point.
 */
export type CheckInAction = 'shelve' | 'route' | 'hold-shelf' | 'set-aside';

/** Statuses a check-in does not undo on its own: the item belongs to a department, not the shelf. */
export const setAsideStatuses = ['withdrawn', 'damaged', 'in-repair', 'on-order', 'in-process', 'unavailable'] as const satisfies readonly ItemStatus[];
export type SetAsideStatus = (typeof setAsideStatuses)[number];

const setAsideInstructions: Record<SetAsideStatus, string> = {
  withdrawn: 'Set aside: withdrawn. Do not shelve.',
  damaged: 'Send to repair: marked damaged.',
  'in-repair': 'Send to repair: in repair.',
  'on-order': 'Send to acquisitions: on order.',
  'in-process': 'Send to cataloguing: in process.',
  unavailable: 'Set aside: unavailable.',
};

export function isSetAside(status: ItemStatus): status is SetAsideStatus {
  return (setAsideStatuses as readonly string[]).includes(status);
}

export interface RoutingFacts {
  desk: { id: string; name: string };
  item: { barcode: string; title: string; callNumber: string | null; status: ItemStatus };
  location: { name: string; libraryName: string; primaryServicePoint: { id: string; name: string } | null };
  deskServesLocation: boolean;
  /** The hold the item already waits on (a hold shelf), else the next request in line; null when none. */
  waitingRequest: WaitingRequest | null;
  /** Staff chose to make a set-aside item available (and may). */
  makeAvailable: boolean;
  now: Date;
}

export interface RoutingSlip {
  itemBarcode: string;
  title: string;
  callNumber: string | null;
  from: string;
  to: string;
  date: string;
}

/** What becomes of the request the item goes to: none, it keeps waiting as it is, or it follows the item. */
export type RequestStep = 'none' | 'keep-on-hold-shelf' | 'hold-shelf' | 'in-transit';

export interface RoutingDecision {
  action: CheckInAction;
  itemStatus: ItemStatus;
  instruction: string;
  routingSlip: RoutingSlip | null;
  requestStep: RequestStep;
}

/** A hold left on the shelf past its deadline is taken off: at check-in it closes as pickup-expired before routing. */
export function holdHasExpired(request: WaitingRequest | null, now: Date): boolean {
  return request?.status === 'open-awaiting-pickup' && request.holdShelfExpiresAt !== null && new Date(request.holdShelfExpiresAt).getTime() <= now.getTime();
}

export function routeCheckedInItem(facts: RoutingFacts): RoutingDecision {
  const { desk, item, location, waitingRequest, now } = facts;
  const slipTo = (to: string): RoutingSlip => ({ itemBarcode: item.barcode, title: item.title, callNumber: item.callNumber, from: desk.name, to, date: now.toISOString() });
  if (isSetAside(item.status) && !facts.makeAvailable) {
    return { action: 'set-aside', itemStatus: item.status, instruction: setAsideInstructions[item.status], routingSlip: null, requestStep: 'none' };
  }
  if (waitingRequest?.status === 'open-awaiting-pickup' && waitingRequest.pickupServicePointId === desk.id) {
    return { action: 'hold-shelf', itemStatus: 'awaiting-pickup', instruction: 'Hold shelf: already waiting here for pickup; keep it on the hold shelf.', routingSlip: null, requestStep: 'keep-on-hold-shelf' };
  }
  if (waitingRequest && waitingRequest.pickupServicePointId === desk.id) {
    return { action: 'hold-shelf', itemStatus: 'awaiting-pickup', instruction: 'Put on the hold shelf: requested for pickup here.', routingSlip: null, requestStep: 'hold-shelf' };
  }
  if (waitingRequest) {
    const to = waitingRequest.pickupServicePointName;
    return { action: 'route', itemStatus: 'in-transit', instruction: `Send to ${to}: requested for pickup there.`, routingSlip: slipTo(to), requestStep: 'in-transit' };
  }
  const shelf = `${location.libraryName} — ${location.name}`;
  if (facts.deskServesLocation) {
    return { action: 'shelve', itemStatus: 'available', instruction: `Shelve at ${shelf}${item.callNumber ? `, ${item.callNumber}` : ''}`, routingSlip: null, requestStep: 'none' };
  }
  const to = location.primaryServicePoint?.name ?? shelf;
  return { action: 'route', itemStatus: 'in-transit', instruction: `Send to ${to}`, routingSlip: slipTo(to), requestStep: 'none' };
}

import type { WaitingRequest } from './request-queue.port.ts';

/**
 * Where a checked-in item goes next, and the one line that tells the desk worker. Pure.
 * 1. Someone waits for it (requests, a later issue): the hold shelf here, or in transit to their pickup desk.
 * 2. This desk serves the item's shelving location: back on the shelf.
 * 3. Otherwise: in transit to the location's primary service point.
 */
export type CheckInAction = 'shelve' | 'route' | 'hold-shelf';

export interface RoutingFacts {
  desk: { id: string; name: string };
  item: { barcode: string; title: string; callNumber: string | null };
  location: { name: string; libraryName: string; primaryServicePoint: { id: string; name: string } | null };
  deskServesLocation: boolean;
  waitingRequest: WaitingRequest | null;
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

export interface RoutingDecision {
  action: CheckInAction;
  itemStatus: 'available' | 'in-transit' | 'awaiting-pickup';
  instruction: string;
  routingSlip: RoutingSlip | null;
}

export function routeCheckedInItem(facts: RoutingFacts): RoutingDecision {
  const { desk, item, location, waitingRequest, now } = facts;
  const slipTo = (to: string): RoutingSlip => ({ itemBarcode: item.barcode, title: item.title, callNumber: item.callNumber, from: desk.name, to, date: now.toISOString() });
  if (waitingRequest && waitingRequest.pickupServicePointId === desk.id) {
    return { action: 'hold-shelf', itemStatus: 'awaiting-pickup', instruction: 'Put on the hold shelf: requested for pickup here.', routingSlip: null };
  }
  if (waitingRequest) {
    const to = waitingRequest.pickupServicePointName;
    return { action: 'route', itemStatus: 'in-transit', instruction: `Send to ${to}: requested for pickup there.`, routingSlip: slipTo(to) };
  }
  const shelf = `${location.libraryName} — ${location.name}`;
  if (facts.deskServesLocation) {
    return { action: 'shelve', itemStatus: 'available', instruction: `Shelve at ${shelf}${item.callNumber ? `, ${item.callNumber}` : ''}`, routingSlip: null };
  }
  const to = location.primaryServicePoint?.name ?? shelf;
  return { action: 'route', itemStatus: 'in-transit', instruction: `Send to ${to}`, routingSlip: slipTo(to) };
}

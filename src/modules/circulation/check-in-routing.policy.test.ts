import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../db/schema.ts';
import { holdHasExpired, routeCheckedInItem, type RoutingFacts } from './check-in-routing.policy.ts';
import type { WaitingRequest } from './request-queue.port.ts';

const base: RoutingFacts = {
  desk: { id: 'riverside-desk', name: 'Riverside Circulation' },
  item: { barcode: '39001', title: 'Learning Java', callNumber: 'QA76.73 .J38', status: 'checked-out' },
  location: { name: 'Stacks', libraryName: 'Riverside Library', primaryServicePoint: { id: 'hillcrest-desk', name: 'Hillcrest Circulation' } },
  deskServesLocation: true,
  waitingRequest: null,
  makeAvailable: false,
  now: new Date('2026-11-02T17:00:00Z'),
};
const waitingHere: WaitingRequest = { requestId: 'r1', patronId: 'p1', pickupServicePointId: 'riverside-desk', pickupServicePointName: 'Riverside Circulation', status: 'open-not-yet-filled', holdShelfExpiresAt: null };
const onHoldShelfHere: WaitingRequest = { ...waitingHere, status: 'open-awaiting-pickup', holdShelfExpiresAt: '2026-11-09T04:00:00.000Z' };
const onHoldShelfAtHillcrest: WaitingRequest = { ...onHoldShelfHere, pickupServicePointId: 'hillcrest-desk', pickupServicePointName: 'Hillcrest Circulation' };

describe('where a checked-in item goes', () => {
  it('goes back on the shelf when this desk serves its location', () => {
    expect(routeCheckedInItem(base)).toEqual({ action: 'shelve', itemStatus: 'available', instruction: 'Shelve at Riverside Library — Stacks, QA76.73 .J38', routingSlip: null, requestStep: 'none' });
  });

  it('is sent to its home desk, with a slip, when it belongs elsewhere', () => {
    const decision = routeCheckedInItem({ ...base, deskServesLocation: false });
    expect(decision).toMatchObject({ action: 'route', itemStatus: 'in-transit', instruction: 'Send to Hillcrest Circulation' });
    expect(decision.routingSlip).toMatchObject({ from: 'Riverside Circulation', to: 'Hillcrest Circulation', itemBarcode: '39001' });
  });

  it('goes to the hold shelf when someone waits for it here, or to their pickup desk', () => {
    expect(routeCheckedInItem({ ...base, waitingRequest: waitingHere })).toMatchObject({ action: 'hold-shelf', requestStep: 'hold-shelf' });
    const elsewhere = routeCheckedInItem({ ...base, waitingRequest: { ...waitingHere, pickupServicePointId: 'x', pickupServicePointName: 'South Campus Circulation' } });
    expect(elsewhere).toMatchObject({ action: 'route', instruction: 'Send to South Campus Circulation: requested for pickup there.', requestStep: 'in-transit' });
  });

  it('stays on the hold shelf it already waits on, or goes back to it from another desk', () => {
    expect(routeCheckedInItem({ ...base, item: { ...base.item, status: 'awaiting-pickup' }, waitingRequest: onHoldShelfHere })).toEqual({
      action: 'hold-shelf',
      itemStatus: 'awaiting-pickup',
      instruction: 'Hold shelf: already waiting here for pickup; keep it on the hold shelf.',
      routingSlip: null,
      requestStep: 'keep-on-hold-shelf',
    });
    expect(routeCheckedInItem({ ...base, item: { ...base.item, status: 'awaiting-pickup' }, waitingRequest: onHoldShelfAtHillcrest })).toMatchObject({
      action: 'route',
      itemStatus: 'in-transit',
      instruction: 'Send to Hillcrest Circulation: requested for pickup there.',
      requestStep: 'in-transit',
    });
  });

  it('knows a hold past its pickup deadline has expired', () => {
    expect(holdHasExpired(onHoldShelfHere, new Date('2026-11-09T03:59:59Z'))).toBe(false);
    expect(holdHasExpired(onHoldShelfHere, new Date('2026-11-09T04:00:00Z'))).toBe(true);
    expect(holdHasExpired(waitingHere, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(holdHasExpired(null, base.now)).toBe(false);
  });
});

describe('an item set aside at check-in keeps its status and goes to whoever has it', () => {
  const cases: { status: ItemStatus; instruction: string }[] = [
    { status: 'withdrawn', instruction: 'Set aside: withdrawn. Do not shelve.' },
    { status: 'damaged', instruction: 'Send to repair: marked damaged.' },
    { status: 'in-repair', instruction: 'Send to repair: in repair.' },
    { status: 'on-order', instruction: 'Send to acquisitions: on order.' },
    { status: 'in-process', instruction: 'Send to cataloguing: in process.' },
    { status: 'unavailable', instruction: 'Set aside: unavailable.' },
  ];
  it.each(cases)('a $status item: "$instruction"', ({ status, instruction }) => {
    const decision = routeCheckedInItem({ ...base, item: { ...base.item, status }, waitingRequest: waitingHere });
    expect(decision).toEqual({ action: 'set-aside', itemStatus: status, instruction, routingSlip: null, requestStep: 'none' });
  });

  it('is routed as usual when staff make it available', () => {
    expect(routeCheckedInItem({ ...base, item: { ...base.item, status: 'damaged' }, makeAvailable: true })).toMatchObject({ action: 'shelve', itemStatus: 'available' });
    expect(routeCheckedInItem({ ...base, item: { ...base.item, status: 'withdrawn' }, makeAvailable: true, waitingRequest: waitingHere })).toMatchObject({ action: 'hold-shelf', requestStep: 'hold-shelf' });
  });

  const notSetAside: ItemStatus[] = ['available', 'checked-out', 'missing', 'in-transit', 'declared-lost', 'claimed-returned'];
  it.each(notSetAside)('a %s item is routed as usual', (status) => {
    expect(routeCheckedInItem({ ...base, item: { ...base.item, status } }).action).toBe('shelve');
  });
});

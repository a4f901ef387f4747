import { describe, expect, it } from 'vitest';
import { routeCheckedInItem, type RoutingFacts } from './check-in-routing.policy.ts';

const base: RoutingFacts = {
  desk: { id: 'riverside-desk', name: 'Riverside Circulation' },
  item: { barcode: '39001', title: 'Learning Java', callNumber: 'QA76.73 .J38' },
  location: { name: 'Stacks', libraryName: 'Riverside Library', primaryServicePoint: { id: 'hillcrest-desk', name: 'Hillcrest Circulation' } },
  deskServesLocation: true,
  waitingRequest: null,
  now: new Date('2026-11-02T17:00:00Z'),
};

describe('where a checked-in item goes', () => {
  it('goes back on the shelf when this desk serves its location', () => {
    expect(routeCheckedInItem(base)).toEqual({ action: 'shelve', itemStatus: 'available', instruction: 'Shelve at Riverside Library — Stacks, QA76.73 .J38', routingSlip: null });
  });

  it('is sent to its home desk, with a slip, when it belongs elsewhere', () => {
    const decision = routeCheckedInItem({ ...base, deskServesLocation: false });
    expect(decision).toMatchObject({ action: 'route', itemStatus: 'in-transit', instruction: 'Send to Hillcrest Circulation' });
    expect(decision.routingSlip).toMatchObject({ from: 'Riverside Circulation', to: 'Hillcrest Circulation', itemBarcode: '39001' });
  });

  it('goes to the hold shelf when someone waits for it here, or to their pickup desk', () => {
    const waiting = { requestId: 'r1', patronId: 'p1', pickupServicePointId: 'riverside-desk', pickupServicePointName: 'Riverside Circulation' };
    expect(routeCheckedInItem({ ...base, waitingRequest: waiting }).action).toBe('hold-shelf');
    const elsewhere = routeCheckedInItem({ ...base, waitingRequest: { ...waiting, pickupServicePointId: 'x', pickupServicePointName: 'South Campus Circulation' } });
    expect(elsewhere).toMatchObject({ action: 'route', instruction: 'Send to South Campus Circulation: requested for pickup there.' });
  });
});

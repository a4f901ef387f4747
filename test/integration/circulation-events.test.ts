import { beforeAll, expect, it } from 'vitest';
import { checkIn, checkOut, renewLoan, undoCheckOut, type CirculationActor } from '../../src/modules/circulation/index.ts';
import { placeRequest } from '../../src/modules/requests/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { testServiceContext } from '../support/service-context.ts';

/** The desk's transactions announce what they did once committed, the same from every channel (they are the use case's). */
describeOnBothDatabases('what check-out, renewal and check-in announce', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let library: InstitutionFixture;
  let desk: CirculationActor;

  beforeAll(async () => {
    library = await makeInstitution(database().db);
    await makeCirculationSetup(database().db, library);
    await openEveryDay(database().db, library);
    desk = { actor: { kind: 'staff', id: null, name: 'front desk', institutionId: library.institutionId }, permissions: new Set(['circulation.check-out', 'circulation.check-in', 'circulation.renew']) };
  });

  it('a loan made, renewed and returned to a patron waiting on the hold shelf', async () => {
    const context = testServiceContext(database().db, clock);
    const ada = await makePatron(database().db, library.institutionId);
    const grace = await makePatron(database().db, library.institutionId);
    const { barcodes, itemIds } = await makeInstance(database().db, library, { title: 'Notes on the Analytical Engine' });

    const lent = await checkOut(context, desk, { patronBarcode: ada.barcode, itemBarcode: barcodes[0]!, servicePointId: library.servicePointId });
    if (lent.dryRun) throw new Error('not a dry run');
    expect(context.events.published).toEqual([
      { type: 'loan.created', institutionId: library.institutionId, loanId: lent.loan.id, itemId: itemIds[0], patronId: ada.id, servicePointId: library.servicePointId, dueAt: lent.loan.dueAt },
    ]);

    // A refused check-out (the book is out) announces nothing.
    await expect(checkOut(context, desk, { patronBarcode: grace.barcode, itemBarcode: barcodes[0]!, servicePointId: library.servicePointId })).rejects.toMatchObject({ code: 'CHECK_OUT_REFUSED' });
    expect(context.events.published).toHaveLength(1);

    const renewed = await renewLoan(context, desk, lent.loan.id);
    expect(context.events.published[1]).toEqual({ type: 'loan.renewed', institutionId: library.institutionId, loanId: lent.loan.id, itemId: itemIds[0], patronId: ada.id, dueAt: renewed.loan.dueAt });

    const hold = await placeRequest(context, desk.actor, { type: 'hold', patronBarcode: grace.barcode, itemBarcode: barcodes[0]!, pickupServicePointId: library.servicePointId });
    const before = context.events.published.length;
    const returned = await checkIn(context, desk.actor, { itemBarcode: barcodes[0]!, servicePointId: library.servicePointId });
    expect(returned.action).toBe('hold-shelf');
    expect(context.events.published.slice(before)).toEqual([
      { type: 'loan.closed', institutionId: library.institutionId, loanId: lent.loan.id, itemId: itemIds[0], servicePointId: library.servicePointId, state: 'returned', overdue: false },
      { type: 'hold.awaiting-pickup', institutionId: library.institutionId, requestId: hold.id, itemId: itemIds[0], patronId: grace.id, pickupServicePointId: library.servicePointId },
      { type: 'item.checked-in', institutionId: library.institutionId, itemId: itemIds[0], loanId: lent.loan.id, servicePointId: library.servicePointId, routedTo: 'hold-shelf' },
    ]);
  });

  it('a book checked in with no loan is announced as shelved; an undone check-out is announced too', async () => {
    const context = testServiceContext(database().db, clock);
    const ada = await makePatron(database().db, library.institutionId);
    const { barcodes, itemIds } = await makeInstance(database().db, library, { title: 'Sketch of the Analytical Engine' });
    await checkIn(context, desk.actor, { itemBarcode: barcodes[0]!, servicePointId: library.servicePointId });
    expect(context.events.published).toEqual([{ type: 'item.checked-in', institutionId: library.institutionId, itemId: itemIds[0], loanId: null, servicePointId: library.servicePointId, routedTo: 'shelf' }]);

    const staffDesk: CirculationActor = { ...desk, actor: { ...desk.actor, id: null } };
    const lent = await checkOut(context, staffDesk, { patronBarcode: ada.barcode, itemBarcode: barcodes[0]!, servicePointId: library.servicePointId });
    if (lent.dryRun) throw new Error('not a dry run');
    await undoCheckOut(context, { ...staffDesk, permissions: new Set([...staffDesk.permissions, 'circulation.override']) }, lent.loan.id);
    expect(context.events.published.at(-1)).toEqual({ type: 'loan.check-out-undone', institutionId: library.institutionId, loanId: lent.loan.id, itemId: itemIds[0] });
  });
});

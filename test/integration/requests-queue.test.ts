import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk, makeSecondCampus, refusalCodes } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest, placeRequestVia, requestOf } from '../support/factories/requests.ts';
import type { StaffSession } from '../support/http.ts';

describeOnBothDatabases('requests: queues, the hold shelf and check-out', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles; the desk is open 08:00–20:00 every day
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician } = await makeDesk(database(), clock));
  });
  afterAll(async () => app.close());

  async function lentBook(copies = 1) {
    const borrower = await makePatron(db(), library.institutionId);
    const book = await makeInstance(db(), library, { title: 'The Requested Book' }, Array.from({ length: copies }, () => ({})));
    for (const barcode of book.barcodes) {
      expect((await checkOutVia(technician, { patronBarcode: borrower.barcode, itemBarcode: barcode, servicePointId: library.servicePointId })).statusCode).toBe(201);
    }
    return { borrower, ...book };
  }
  const hold = (patronBarcode: string, itemBarcode: string, pickupServicePointId = library.servicePointId) =>
    placedRequest(technician, { type: 'hold', patronBarcode, itemBarcode, pickupServicePointId });

  it('queues holds in the order placed; staff reorder the queue, audited', async () => {
    const book = await lentBook();
    const [ada, ben, cy] = [await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId)];
    const requests = [await hold(ada.barcode, book.barcodes[0]!), await hold(ben.barcode, book.barcodes[0]!), await hold(cy.barcode, book.barcodes[0]!)];
    expect(requests.map((request) => request.queuePosition)).toEqual([1, 2, 3]);
    expect(requests[0]!.status).toBe('open-not-yet-filled');

    const reordered = await technician.request({ method: 'PUT', url: `/api/v1/items/${book.itemIds[0]}/request-queue`, payload: { requestIds: [requests[2]!.id, requests[0]!.id, requests[1]!.id] } });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect((await requestOf(technician, `itemId=${book.itemIds[0]}`)).map((request) => request.patron.id)).toEqual([cy.id, ada.id, ben.id]);
    const audit = await db().selectFrom('audit_event').selectAll().where('entity_id', '=', book.itemIds[0]!).where('action', '=', 'request.reorder').execute();
    expect(audit).toHaveLength(1);
    const partial = await technician.request({ method: 'PUT', url: `/api/v1/items/${book.itemIds[0]}/request-queue`, payload: { requestIds: [requests[0]!.id] } });
    expect(partial.statusCode).toBe(400);

    // the first in the (new) queue gets the item on the hold shelf, with a slip that does not print their name
    const checkedIn = await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(checkedIn.json()).toMatchObject({ action: 'hold-shelf', item: { status: 'awaiting-pickup' } });
    // held for 7 open days: through Monday 9 November, 20:00 in Los Angeles
    expect(checkedIn.json().holdSlip).toMatchObject({ patron: `R ${cy.barcode.slice(-4)}`, itemBarcode: book.barcodes[0], holdShelfExpiresAt: '2026-11-10T04:00:00.000Z' });
    const items = await technician.request({ method: 'GET', url: `/api/v1/items?barcode=${book.barcodes[0]}` });
    expect(items.json().items[0].status).toBe('awaiting-pickup');
    const shelf = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/hold-shelf` });
    expect(shelf.json().items).toEqual([expect.objectContaining({ requestId: requests[2]!.id, expired: false })]);

    // anyone else is refused (overridable); the waiting patron takes it and the request is filled
    const toOther = await checkOutVia(technician, { patronBarcode: ada.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(toOther.statusCode).toBe(422);
    expect(refusalCodes(toOther)).toEqual(['ITEM_AWAITING_PICKUP_FOR_OTHER']);
    expect(toOther.json().error.details.refusals[0].overridable).toBe(true);
    const toWaiting = await checkOutVia(technician, { patronBarcode: cy.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(toWaiting.statusCode, toWaiting.body).toBe(201);
    const [filled] = (await requestOf(technician, `patronId=${cy.id}`));
    expect(filled).toMatchObject({ status: 'closed-filled', filledLoanId: toWaiting.json().loan.id });
  });

  it('lets the desk override a hold for someone else; the waiting patron goes back to waiting', async () => {
    const book = await lentBook();
    const waiting = await makePatron(db(), library.institutionId);
    const walkIn = await makePatron(db(), library.institutionId);
    const request = await hold(waiting.barcode, book.barcodes[0]!);
    await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    const overridden = await checkOutVia(technician, { patronBarcode: walkIn.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId, override: { reason: 'dean asked' } });
    expect(overridden.statusCode, overridden.body).toBe(201);
    expect((await requestOf(technician, `patronId=${waiting.id}`))[0]).toMatchObject({ id: request.id, status: 'open-not-yet-filled', holdShelfExpiresAt: null });
  });

  it('refuses renewal when someone waits for the item', async () => {
    const book = await lentBook();
    const loan = await db().selectFrom('loan').select('id').where('item_id', '=', book.itemIds[0]!).where('status', '=', 'open').executeTakeFirstOrThrow();
    await hold((await makePatron(db(), library.institutionId)).barcode, book.barcodes[0]!);
    const renewed = await technician.request({ method: 'POST', url: `/api/v1/circulation/loans/${loan.id}/renew`, payload: {} });
    expect(renewed.statusCode).toBe(422);
    expect(refusalCodes(renewed)).toContain('ITEM_REQUESTED');
  });

  it('sends an item in transit to another pickup desk, where it goes on the hold shelf', async () => {
    const hill = await makeSecondCampus(db(), library);
    const book = await lentBook();
    const reader = await makePatron(db(), library.institutionId);
    const request = await hold(reader.barcode, book.barcodes[0]!, hill.servicePointId);
    const here = await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(here.json()).toMatchObject({ action: 'route', item: { status: 'in-transit' }, routingSlip: { to: 'Hillcrest Circulation' }, holdSlip: null });
    expect((await requestOf(technician, `patronId=${reader.id}`))[0]!.status).toBe('open-in-transit');
    const there = await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: hill.servicePointId });
    expect(there.json()).toMatchObject({ action: 'hold-shelf', item: { status: 'awaiting-pickup' }, holdSlip: { requestId: request.id, pickupServicePoint: 'Hillcrest Circulation' } });
  });

  it('fills a title-level request with the first copy checked in', async () => {
    const book = await lentBook(2);
    const reader = await makePatron(db(), library.institutionId);
    const request = await placedRequest(technician, { type: 'hold', patronBarcode: reader.barcode, instanceId: book.instanceId, pickupServicePointId: library.servicePointId });
    expect(request.item).toBeNull();
    const second = await checkInVia(technician, { itemBarcode: book.barcodes[1], servicePointId: library.servicePointId });
    expect(second.json().action).toBe('hold-shelf');
    expect((await requestOf(technician, `patronId=${reader.id}`))[0]).toMatchObject({ status: 'open-awaiting-pickup', item: { id: book.itemIds[1] } });
    const first = await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(first.json().action).toBe('shelve');
  });

  it('refuses a request for every reason at once', async () => {
    const onShelf = await makeInstance(db(), library, { title: 'On the shelf' });
    const blocked = await makePatron(db(), library.institutionId);
    await db()
      .insertInto('patron_block')
      .values({ id: newId(), institution_id: library.institutionId, patron_id: blocked.id, reason: 'Unpaid invoices', patron_message: null, blocks_borrowing: false, blocks_renewals: false, blocks_requests: true, expires_at: null, created_by: null })
      .execute();
    const reply = await placeRequestVia(technician, { type: 'hold', patronBarcode: blocked.barcode, itemBarcode: onShelf.barcodes[0], pickupServicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(422);
    expect(reply.json().error.code).toBe('REQUEST_REFUSED');
    expect(refusalCodes(reply)).toEqual(['ITEM_NOT_ON_LOAN', 'PATRON_BLOCKED_FOR_REQUESTS']);
    const reader = await makePatron(db(), library.institutionId);
    const lent = await lentBook();
    await hold(reader.barcode, lent.barcodes[0]!);
    expect(refusalCodes(await placeRequestVia(technician, { type: 'hold', patronBarcode: reader.barcode, itemBarcode: lent.barcodes[0], pickupServicePointId: library.servicePointId }))).toEqual(['DUPLICATE_REQUEST']);
    expect(refusalCodes(await placeRequestVia(technician, { type: 'page', patronBarcode: reader.barcode, itemBarcode: lent.barcodes[0], pickupServicePointId: library.servicePointId }))).toEqual(['DUPLICATE_REQUEST', 'ITEM_NOT_ON_SHELF']);
  });

  it('pages items onto the pick list in shelf order; an item not found pages the next copy', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const quantum = await makeInstance(db(), library, { title: 'Quantum Things' }, [{ callNumber: 'QC174.12 .B76 2020' }, { callNumber: 'QC174.12 .B76 2020' }]);
    const poems = await makeInstance(db(), library, { title: 'Poems' }, [{ callNumber: 'PS3545 .I345 1990' }]);
    const page = await placedRequest(technician, { type: 'page', patronBarcode: reader.barcode, itemBarcode: quantum.barcodes[0], pickupServicePointId: library.servicePointId });
    await placedRequest(technician, { type: 'page', patronBarcode: reader.barcode, itemBarcode: poems.barcodes[0], pickupServicePointId: library.servicePointId });
    expect(page.item).toMatchObject({ status: 'paged' });
    const pickList = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/pick-list` });
    const mine = (pickList.json().items as { item: { barcode: string } }[]).map((entry) => entry.item.barcode).filter((barcode) => [quantum.barcodes[0], poems.barcodes[0]].includes(barcode));
    expect(mine).toEqual([poems.barcodes[0], quantum.barcodes[0]]);

    const notFound = await technician.request({ method: 'POST', url: `/api/v1/requests/${page.id}/not-found` });
    expect(notFound.statusCode, notFound.body).toBe(200);
    expect(notFound.json().request).toMatchObject({ status: 'open-not-yet-filled', item: { id: quantum.itemIds[1], status: 'paged' } });
    const missing = await db().selectFrom('item').select('status').where('id', '=', quantum.itemIds[0]!).executeTakeFirstOrThrow();
    expect(missing.status).toBe('missing');
    const again = await technician.request({ method: 'POST', url: `/api/v1/requests/${page.id}/not-found` });
    expect(again.json().request.status).toBe('closed-unfilled');

    // the paged copy fetched and checked in goes on the hold shelf; the requester takes it
    const poemsPage = (await requestOf(technician, `itemId=${poems.itemIds[0]}`))[0]!;
    expect((await checkInVia(technician, { itemBarcode: poems.barcodes[0], servicePointId: library.servicePointId })).json().action).toBe('hold-shelf');
    expect((await checkOutVia(technician, { patronBarcode: reader.barcode, itemBarcode: poems.barcodes[0], servicePointId: library.servicePointId })).statusCode).toBe(201);
    expect((await requestOf(technician, `itemId=${poems.itemIds[0]}`)).find((request) => request.id === poemsPage.id)!.status).toBe('closed-filled');
  });

  it('cancels a request with a reason and moves one to another copy', async () => {
    const book = await lentBook(2);
    const reader = await makePatron(db(), library.institutionId);
    const request = await hold(reader.barcode, book.barcodes[0]!);
    const moved = await technician.request({ method: 'POST', url: `/api/v1/requests/${request.id}/move`, payload: { itemBarcode: book.barcodes[1] } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().request.item.id).toBe(book.itemIds[1]);
    const cancelled = await technician.request({ method: 'POST', url: `/api/v1/requests/${request.id}/cancel`, payload: { reason: 'no longer needed' } });
    expect(cancelled.json().request).toMatchObject({ status: 'closed-cancelled', cancelReason: 'no longer needed' });
  });
});

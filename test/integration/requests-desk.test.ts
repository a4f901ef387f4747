import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runHoldShelfExpiry } from '../../src/modules/requests/hold-shelf.service.ts';
import { testServiceContext } from '../support/service-context.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk, makeSecondCampus } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest, requestOf } from '../support/factories/requests.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('requests at the desk: expiry, title queues, hold slips and the desk summary', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles; the desk is open 08:00–20:00 every day
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let supervisor: StaffSession;
  let accounts: { username: string; password: string }[];
  const db = () => database().db;

  beforeAll(async () => {
    let technicianAccount;
    ({ app, library, technician, technicianAccount } = await makeDesk(database(), clock, {
      loanPolicy: { recalls: { minimumGuaranteedPeriod: { amount: 1, unit: 'days' }, returnInterval: { amount: 1, unit: 'days' } } },
    }));
    const supervisorAccount = await makeStaff(db(), library.institutionId, { roleCode: 'supervisor' });
    supervisor = await signInAs(app, supervisorAccount.username, supervisorAccount.password);
    accounts = [technicianAccount, supervisorAccount];
  });
  afterAll(async () => app.close());

  async function at(instant: string) {
    clock.set(instant);
    technician = await signInAs(app, accounts[0]!.username, accounts[0]!.password);
    supervisor = await signInAs(app, accounts[1]!.username, accounts[1]!.password);
  }

  async function lentBook(title: string, copies = 1) {
    const borrower = await makePatron(db(), library.institutionId);
    const book = await makeInstance(db(), library, { title }, Array.from({ length: copies }, () => ({})));
    for (const barcode of book.barcodes) {
      expect((await checkOutVia(technician, { patronBarcode: borrower.barcode, itemBarcode: barcode, servicePointId: library.servicePointId })).statusCode).toBe(201);
    }
    return { borrower, ...book };
  }

  it('closes requests past their "not needed after" date in the morning; the queue closes up; a held item keeps its deadline', async () => {
    await at('2026-11-02T17:00:00Z');
    const book = await lentBook('Wanted until Tuesday');
    const [early, held, late, paged] = [await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId)];
    const heldRequest = await placedRequest(technician, { type: 'hold', patronBarcode: held.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId, notNeededAfter: '2026-11-03' });
    const earlyRequest = await placedRequest(technician, { type: 'hold', patronBarcode: early.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId, notNeededAfter: '2026-11-03' });
    const lateRequest = await placedRequest(technician, { type: 'hold', patronBarcode: late.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId, notNeededAfter: '2026-12-31' });
    const shelved = await makeInstance(db(), library, { title: 'Paged, then not wanted' });
    const page = await placedRequest(technician, { type: 'page', patronBarcode: paged.barcode, itemBarcode: shelved.barcodes[0], pickupServicePointId: library.servicePointId, notNeededAfter: '2026-11-03' });
    // the first in line gets the item on the hold shelf before the date passes
    expect((await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).json().action).toBe('hold-shelf');

    // Tuesday 3 November, 23:30 in Los Angeles (already Wednesday in UTC): not yet passed at the desk
    await at('2026-11-04T07:30:00Z');
    const tuesday = await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId);
    expect(tuesday.unneeded).toEqual([]);

    await at('2026-11-04T16:00:00Z');
    const wednesday = await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId);
    expect(wednesday.unneeded.map((entry) => entry.requestId).sort()).toEqual([earlyRequest.id, page.id].sort());
    const queue = await requestOf(technician, `itemId=${book.itemIds[0]}`);
    expect(queue.find((request) => request.id === earlyRequest.id)).toMatchObject({ status: 'closed-unfilled' });
    expect(queue.find((request) => request.id === heldRequest.id)).toMatchObject({ status: 'open-awaiting-pickup', queuePosition: 1 });
    expect(queue.find((request) => request.id === lateRequest.id)).toMatchObject({ status: 'open-not-yet-filled', queuePosition: 2 });
    const pagedItem = await db().selectFrom('item').select('status').where('id', '=', shelved.itemIds[0]!).executeTakeFirstOrThrow();
    expect(pagedItem.status).toBe('available');
    const closed = await db().selectFrom('request').select(['cancel_reason']).where('id', '=', earlyRequest.id).executeTakeFirstOrThrow();
    expect(closed.cancel_reason).toBe('not-needed-after');
    expect(await db().selectFrom('audit_event').select('id').where('entity_id', '=', earlyRequest.id).where('action', '=', 'request.not-needed-after').execute()).toHaveLength(1);
  });

  it('closes up the queue when a request is cancelled', async () => {
    await at('2026-11-02T17:00:00Z');
    const book = await lentBook('Cancelled in the middle');
    const requests = [];
    for (let index = 0; index < 3; index += 1) {
      requests.push(await placedRequest(technician, { type: 'hold', patronBarcode: (await makePatron(db(), library.institutionId)).barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId }));
    }
    await technician.request({ method: 'POST', url: `/api/v1/requests/${requests[0]!.id}/cancel`, payload: { reason: 'found a copy elsewhere' } });
    const open = (await requestOf(technician, `itemId=${book.itemIds[0]}&status=open-not-yet-filled`)).map((request) => [request.id, request.queuePosition]);
    expect(open).toEqual([[requests[1]!.id, 1], [requests[2]!.id, 2]]);
  });

  it("staff reorder a title's queue, audited; only its open title-level requests", async () => {
    await at('2026-11-02T17:00:00Z');
    const book = await lentBook('Many copies', 2);
    const readers = [await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId)];
    const requests = [];
    for (const reader of readers) requests.push(await placedRequest(technician, { type: 'hold', patronBarcode: reader.barcode, instanceId: book.instanceId, pickupServicePointId: library.servicePointId }));
    const order = [requests[1]!.id, requests[2]!.id, requests[0]!.id];
    const reordered = await technician.request({ method: 'PUT', url: `/api/v1/instances/${book.instanceId}/request-queue`, payload: { requestIds: order } });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().items.map((request: { id: string; queuePosition: number }) => [request.id, request.queuePosition])).toEqual(order.map((id, index) => [id, index + 1]));
    expect(await db().selectFrom('audit_event').select('id').where('entity_id', '=', book.instanceId).where('action', '=', 'request.reorder').execute()).toHaveLength(1);
    const partial = await technician.request({ method: 'PUT', url: `/api/v1/instances/${book.instanceId}/request-queue`, payload: { requestIds: order.slice(1) } });
    expect(partial.statusCode).toBe(400);
    // the first copy back goes to the new head of the queue
    expect((await checkInVia(technician, { itemBarcode: book.barcodes[1], servicePointId: library.servicePointId })).json().holdSlip).toMatchObject({ requestId: requests[1]!.id });
  });

  it('prints hold slips in the format the library chose; only settings editors change it', async () => {
    await at('2026-11-02T17:00:00Z');
    expect((await supervisor.request({ method: 'GET', url: '/api/v1/request-settings' })).json()).toEqual({ holdSlipFormat: 'initials-and-last-four' });
    expect((await technician.request({ method: 'PUT', url: '/api/v1/request-settings', payload: { holdSlipFormat: 'full-name' } })).statusCode).toBe(403);
    expect((await supervisor.request({ method: 'PUT', url: '/api/v1/request-settings', payload: { holdSlipFormat: 'tattoo' } })).statusCode).toBe(400);
    const changed = await supervisor.request({ method: 'PUT', url: '/api/v1/request-settings', payload: { holdSlipFormat: 'last-name-first-initial' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ holdSlipFormat: 'last-name-first-initial' });
    expect(await db().selectFrom('audit_event').select('id').where('action', '=', 'request-settings.update').execute()).toHaveLength(1);

    const book = await lentBook('Slip format');
    const reader = await makePatron(db(), library.institutionId, { firstName: 'ada', lastName: 'Lovelace' });
    const request = await placedRequest(technician, { type: 'hold', patronBarcode: reader.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    expect((await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).json().holdSlip.patron).toBe('Lovelace, A.');
    const reprint = await technician.request({ method: 'GET', url: `/api/v1/requests/${request.id}/hold-slip` });
    expect(reprint.json().holdSlip).toMatchObject({ requestId: request.id, patron: 'Lovelace, A.', itemBarcode: book.barcodes[0] });
    const shelf = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/hold-shelf` });
    expect(shelf.json().items).toContainEqual(expect.objectContaining({ requestId: request.id, slipName: 'Lovelace, A.' }));
    await supervisor.request({ method: 'PUT', url: '/api/v1/request-settings', payload: { holdSlipFormat: 'initials-and-last-four' } });
  });

  it("sums up a desk's morning and clears an expired hold on request", async () => {
    await at('2026-12-01T17:00:00Z');
    const hill = await makeSecondCampus(db(), library);
    const reader = await makePatron(db(), library.institutionId);
    const expiring = await lentBook('Expiring');
    const expiringRequest = await placedRequest(technician, { type: 'hold', patronBarcode: reader.barcode, itemBarcode: expiring.barcodes[0], pickupServicePointId: library.servicePointId });
    await checkInVia(technician, { itemBarcode: expiring.barcodes[0], servicePointId: library.servicePointId });
    // a book from Hillcrest's stacks, returned there for a patron who collects here
    const travelling = await makeInstance(db(), library, { title: 'Travelling' }, [{ locationId: hill.locationId }]);
    const borrower = await makePatron(db(), library.institutionId);
    await checkOutVia(technician, { patronBarcode: borrower.barcode, itemBarcode: travelling.barcodes[0], servicePointId: library.servicePointId });
    await placedRequest(technician, { type: 'hold', patronBarcode: reader.barcode, itemBarcode: travelling.barcodes[0], pickupServicePointId: library.servicePointId });
    expect((await checkInVia(technician, { itemBarcode: travelling.barcodes[0], servicePointId: hill.servicePointId })).json().action).toBe('route');
    const onShelf = await makeInstance(db(), library, { title: 'To fetch' });
    await placedRequest(technician, { type: 'page', patronBarcode: reader.barcode, itemBarcode: onShelf.barcodes[0], pickupServicePointId: library.servicePointId });
    const recalled = await lentBook('Recalled');
    await placedRequest(technician, { type: 'recall', patronBarcode: reader.barcode, itemBarcode: recalled.barcodes[0], pickupServicePointId: library.servicePointId });

    // Tuesday 8 December, 09:00: the hold's last day (held through 20:00); the recall was due days ago
    await at('2026-12-08T17:00:00Z');
    const summary = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/desk-summary` });
    expect(summary.statusCode, summary.body).toBe(200);
    // holds left by the earlier tests expired in November
    const expiredBefore = summary.json().holdShelf.expiredAwaitingClearing as number;
    expect(summary.json()).toMatchObject({ holdShelf: { expiringToday: 1 }, inTransitHere: { items: expect.arrayContaining([expect.objectContaining({ item: expect.objectContaining({ barcode: travelling.barcodes[0] }) })]) } });
    expect(summary.json().pickList).toBeGreaterThanOrEqual(1);
    expect(summary.json().overdueRecalls.items).toContainEqual(expect.objectContaining({ item: expect.objectContaining({ barcode: recalled.barcodes[0] }) }));
    expect((await technician.request({ method: 'POST', url: `/api/v1/requests/${expiringRequest.id}/clear` })).statusCode).toBe(409);

    await at('2026-12-09T17:00:00Z');
    const later = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/desk-summary` });
    expect(later.json().holdShelf).toMatchObject({ expiringToday: 0, expiredAwaitingClearing: expiredBefore + 1 });
    const cleared = await technician.request({ method: 'POST', url: `/api/v1/requests/${expiringRequest.id}/clear` });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toEqual({ requestId: expiringRequest.id, itemId: expiring.itemIds[0], clearFromShelf: true });
    expect((await requestOf(technician, `itemId=${expiring.itemIds[0]}`))[0]!.status).toBe('closed-pickup-expired');
    // the item stays listed to clear until it is scanned at check-in
    const stillHere = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/desk-summary` });
    expect(stillHere.json().holdShelf.expiredAwaitingClearing).toBe(expiredBefore + 1);
    expect((await checkInVia(technician, { itemBarcode: expiring.barcodes[0], servicePointId: library.servicePointId })).json()).toMatchObject({ action: 'shelve', clearedFromHoldShelf: true });
    expect((await studentOrAnonymous()).statusCode).toBe(401);
  });

  async function studentOrAnonymous() {
    return app.inject({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/desk-summary` });
  }
});

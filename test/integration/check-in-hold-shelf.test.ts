import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runHoldShelfExpiry } from '../../src/modules/requests/hold-shelf.service.ts';
import { testServiceContext } from '../support/service-context.ts';
import type { ItemStatus } from '../../src/db/schema.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk, makeSecondCampus } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest, requestOf } from '../support/factories/requests.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('check-in of items on the hold shelf, set aside, or left after their hold expired', (database) => {
  // Tuesday 1 December 2026, 09:00 in Los Angeles; the desk is open 08:00–20:00 every day, holds wait 7 open days
  const clock = fixedClock('2026-12-01T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let hillcrest: { servicePointId: string };
  let desk: StaffSession;
  let student: StaffSession;
  let accounts: { username: string; password: string };
  let studentAccount: { username: string; password: string };
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician: desk, studentWorker: student, technicianAccount: accounts, studentWorkerAccount: studentAccount } = await makeDesk(database(), clock));
    hillcrest = await makeSecondCampus(db(), library);
  });
  afterAll(async () => app.close());

  async function at(instant: string) {
    clock.set(instant);
    // Staff sessions end 12 hours after sign-in, however the clock moved.
    desk = await signInAs(app, accounts.username, accounts.password);
    student = await signInAs(app, studentAccount.username, studentAccount.password);
  }
  const checkIn = (itemBarcode: string, extra: Record<string, unknown> = {}) => checkInVia(desk, { itemBarcode, servicePointId: library.servicePointId, ...extra });
  const itemStatus = async (barcode: string) => (await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow()).status;
  const requestStatus = async (id: string) => (await db().selectFrom('request').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const holdShelf = async (servicePointId = library.servicePointId) => {
    const reply = await desk.request({ method: 'GET', url: `/api/v1/service-points/${servicePointId}/hold-shelf` });
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json().items as { requestId: string; item: { barcode: string }; expired: boolean; clearFromShelf: boolean }[];
  };

  /** A book on loan with two patrons waiting for it here; returned, it goes on the hold shelf for the first. */
  async function heldBook(title: string, firstPickup = library.servicePointId) {
    await at('2026-12-01T17:00:00Z');
    const borrower = await makePatron(db(), library.institutionId);
    const book = await makeInstance(db(), library, { title });
    expect((await checkOutVia(desk, { patronBarcode: borrower.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).statusCode).toBe(201);
    const [first, second] = [await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId)];
    const firstRequest = await placedRequest(desk, { type: 'hold', patronBarcode: first.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: firstPickup });
    const secondRequest = await placedRequest(desk, { type: 'hold', patronBarcode: second.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    const returned = await checkInVia(desk, { itemBarcode: book.barcodes[0], servicePointId: firstPickup });
    expect(returned.json().holdSlip).toMatchObject({ requestId: firstRequest.id, holdShelfExpiresAt: '2026-12-09T04:00:00.000Z' });
    return { barcode: book.barcodes[0]!, firstRequest, secondRequest, firstSlip: returned.json().holdSlip };
  }

  it('keeps an item already waiting on the hold shelf there, with the same slip, when it is scanned again', async () => {
    const { barcode, firstRequest, secondRequest, firstSlip } = await heldBook('Scanned twice');
    await at('2026-12-02T17:00:00Z');
    const again = await checkIn(barcode);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ action: 'hold-shelf', instruction: 'Hold shelf: already waiting here for pickup; keep it on the hold shelf.', routingSlip: null, clearedFromHoldShelf: false, item: { status: 'awaiting-pickup' } });
    expect(again.json().holdSlip).toEqual(firstSlip);
    expect(await requestStatus(firstRequest.id)).toBe('open-awaiting-pickup');
    expect(await requestStatus(secondRequest.id)).toBe('open-not-yet-filled');
    expect(await itemStatus(barcode)).toBe('awaiting-pickup');
  });

  it('sends an item found at another desk back to the hold shelf it waits on', async () => {
    const { barcode, firstRequest } = await heldBook('Wandered off', hillcrest.servicePointId);
    const found = await checkIn(barcode);
    expect(found.json()).toMatchObject({ action: 'route', instruction: 'Send to Hillcrest Circulation: requested for pickup there.', routingSlip: { to: 'Hillcrest Circulation' }, item: { status: 'in-transit' } });
    expect(await requestStatus(firstRequest.id)).toBe('open-in-transit');
  });

  it('leaves an expired hold on the shelf to clear; the scan that clears it gives it to the next patron here with a new slip', async () => {
    const { barcode, firstRequest, secondRequest } = await heldBook('Never collected');
    await at('2026-12-09T16:00:00Z');
    const run = await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId);
    expect(run.expired).toContainEqual(expect.objectContaining({ requestId: firstRequest.id }));
    // the patron's request is closed (their notice goes out) but the item has not moved: nobody has touched it yet
    expect(await requestStatus(firstRequest.id)).toBe('closed-pickup-expired');
    expect(await requestStatus(secondRequest.id)).toBe('open-not-yet-filled');
    expect(await itemStatus(barcode)).toBe('awaiting-pickup');
    expect(await holdShelf()).toContainEqual(expect.objectContaining({ requestId: firstRequest.id, item: expect.objectContaining({ barcode }), expired: true, clearFromShelf: true }));

    const cleared = await checkIn(barcode);
    expect(cleared.json()).toMatchObject({ action: 'hold-shelf', instruction: 'Put on the hold shelf: requested for pickup here.', clearedFromHoldShelf: true, previousStatus: 'awaiting-pickup', item: { status: 'awaiting-pickup' } });
    expect(cleared.json().holdSlip).toMatchObject({ requestId: secondRequest.id, holdShelfExpiresAt: '2026-12-17T04:00:00.000Z' });
    expect(await requestStatus(secondRequest.id)).toBe('open-awaiting-pickup');
    const shelf = await holdShelf();
    expect(shelf.filter((entry) => entry.item.barcode === barcode)).toEqual([expect.objectContaining({ requestId: secondRequest.id, expired: false, clearFromShelf: false })]);
  });

  it('sends a cleared item back to the shelf when nobody else waits, and not before it is scanned', async () => {
    await at('2026-12-01T17:00:00Z');
    const book = await makeInstance(db(), library, { title: 'Wanted once' });
    const reader = await makePatron(db(), library.institutionId);
    const page = await placedRequest(desk, { type: 'page', patronBarcode: reader.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    expect((await checkIn(book.barcodes[0]!)).json().holdSlip).toMatchObject({ requestId: page.id });
    await at('2026-12-09T16:00:00Z');
    await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId);
    expect(await itemStatus(book.barcodes[0]!)).toBe('awaiting-pickup');
    const cleared = await checkIn(book.barcodes[0]!);
    expect(cleared.json()).toMatchObject({ action: 'shelve', clearedFromHoldShelf: true, holdSlip: null, item: { status: 'available' } });
    expect((await holdShelf()).filter((entry) => entry.item.barcode === book.barcodes[0])).toEqual([]);
  });

  it('takes a hold past its deadline off the shelf when scanned before the morning job has run', async () => {
    const { barcode, firstRequest, secondRequest } = await heldBook('Scanned first thing');
    await at('2026-12-09T16:00:00Z');
    const cleared = await checkIn(barcode);
    expect(cleared.json()).toMatchObject({ action: 'hold-shelf', clearedFromHoldShelf: true, holdSlip: { requestId: secondRequest.id } });
    expect(await requestStatus(firstRequest.id)).toBe('closed-pickup-expired');
    const queue = await requestOf(desk, `itemId=${cleared.json().item.id}`);
    expect(queue.find((request) => request.id === secondRequest.id)).toMatchObject({ status: 'open-awaiting-pickup', queuePosition: 1 });
  });

  it.each<[ItemStatus, string]>([
    ['withdrawn', 'Set aside: withdrawn. Do not shelve.'],
    ['damaged', 'Send to repair: marked damaged.'],
    ['in-repair', 'Send to repair: in repair.'],
    ['on-order', 'Send to acquisitions: on order.'],
  ])('keeps a %s item as it is and says where it goes: "%s"', async (status, instruction) => {
    await at('2026-12-01T17:00:00Z');
    const book = await makeInstance(db(), library, { title: `A ${status} book` }, [{ status }]);
    const reply = await checkIn(book.barcodes[0]!);
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ action: 'set-aside', instruction, routingSlip: null, holdSlip: null, previousStatus: status, item: { status } });
    expect(await itemStatus(book.barcodes[0]!)).toBe(status);
  });

  it('makes a set-aside item available only for staff who may edit items', async () => {
    await at('2026-12-01T17:00:00Z');
    const book = await makeInstance(db(), library, { title: 'Back from the bindery' }, [{ status: 'in-repair', callNumber: 'Z271 .B56' }]);
    const refused = await checkInVia(student, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId, makeAvailable: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'catalog.edit' } });
    expect(await itemStatus(book.barcodes[0]!)).toBe('in-repair');
    const released = await checkIn(book.barcodes[0]!, { makeAvailable: true });
    expect(released.json()).toMatchObject({ action: 'shelve', instruction: 'Shelve at Main Library — Stacks, Z271 .B56', previousStatus: 'in-repair', item: { status: 'available' } });
    const audit = await db().selectFrom('audit_event').select('after').where('entity_id', '=', released.json().item.id).where('action', '=', 'item.check-in').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after as string)).toMatchObject({ makeAvailable: true, status: 'available' });
  });
});

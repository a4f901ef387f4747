import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk, makeSecondCampus } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron, type PatronOverrides } from '../support/factories/patrons.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

const day = 24 * 3600_000;

describeOnBothDatabases('check-in and routing', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let hillcrest: { servicePointId: string; locationId: string };
  let desk: StaffSession;
  let staff: { username: string; password: string };
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician: desk, technicianAccount: staff } = await makeDesk(database(), clock));
    hillcrest = await makeSecondCampus(db(), library);
  });

  // Sessions expire as the clock moves: sign in again at the new time, as the desk would.
  async function setClock(to: Date | string) {
    clock.set(to);
    desk = await signInAs(app, staff.username, staff.password);
  }
  const advance = (ms: number) => setClock(new Date(clock.now().getTime() + ms));
  afterAll(async () => app.close());

  const patron = (overrides: PatronOverrides = {}) => makePatron(db(), library.institutionId, overrides);
  const item = async (locationId = library.locationId) =>
    (await makeInstance(db(), library, { title: 'Learning Java' }, [{ callNumber: 'QA76.73 .J38', locationId }])).barcodes[0]!;
  async function lend(itemBarcode: string, overrides: PatronOverrides = {}) {
    const reader = await patron(overrides);
    const reply = await checkOutVia(desk, { patronBarcode: reader.barcode, itemBarcode, servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(201);
    return { reader, loanId: reply.json().loan.id as string };
  }
  const loanRow = (id: string) => db().selectFrom('loan').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const itemStatus = async (barcode: string) => (await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow()).status;

  it('closes the loan at the home desk and says to shelve the item', async () => {
    const barcode = await item();
    const { loanId } = await lend(barcode);
    await advance(3 * day);
    const reply = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      action: 'shelve',
      instruction: 'Shelve at Main Library — Stacks, QA76.73 .J38',
      routingSlip: null,
      loan: { id: loanId, overdue: false, state: 'returned', returnedAt: clock.now().toISOString() },
      item: { status: 'available' },
    });
    expect(reply.json().resolution).toBeUndefined();
    const stored = await loanRow(loanId);
    expect(stored).toMatchObject({ status: 'closed', state: 'returned', checkin_service_point_id: library.servicePointId });
    expect(await itemStatus(barcode)).toBe('available');
  });

  it('forgets who borrowed the item when the loan ends, unless the patron chose to keep their history', async () => {
    const anonymous = await item();
    const kept = await item();
    const { reader: private_, loanId: privateLoan } = await lend(anonymous);
    const { reader: keeper, loanId: keptLoan } = await lend(kept, { keepLoanHistory: true });
    await checkInVia(desk, { itemBarcode: anonymous, servicePointId: library.servicePointId });
    await checkInVia(desk, { itemBarcode: kept, servicePointId: library.servicePointId });
    expect((await loanRow(privateLoan)).patron_id).toBeNull();
    expect((await loanRow(keptLoan)).patron_id).toBe(keeper.id);

    const privateHistory = await desk.request({ method: 'GET', url: `/api/v1/circulation/loans?patronId=${private_.id}&status=closed` });
    expect(privateHistory.json()).toEqual({ items: [], total: 0 });
    const keptHistory = await desk.request({ method: 'GET', url: `/api/v1/circulation/loans?patronId=${keeper.id}&status=closed` });
    expect(keptHistory.json().items).toEqual([expect.objectContaining({ id: keptLoan, state: 'returned', patron: expect.objectContaining({ id: keeper.id }) })]);

    const itemId = (await db().selectFrom('item').select('id').where('barcode', '=', anonymous).executeTakeFirstOrThrow()).id;
    const itemHistory = await desk.request({ method: 'GET', url: `/api/v1/circulation/loans?itemId=${itemId}` });
    expect(itemHistory.json().items).toEqual([expect.objectContaining({ id: privateLoan, status: 'closed', patron: null })]);
    // an on-time return leaves no patron in the outbox either
    const closedEvent = await db().selectFrom('circulation_event').selectAll().where('loan_id', '=', privateLoan).where('kind', '=', 'loan-closed').executeTakeFirstOrThrow();
    expect(closedEvent.patron_id).toBeNull();
  });

  it('sends an item from the other campus home, with a routing slip, and shelves it there', async () => {
    const barcode = await item(hillcrest.locationId);
    await lend(barcode);
    const reply = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.json()).toMatchObject({
      action: 'route',
      instruction: 'Send to Hillcrest Circulation',
      routingSlip: { itemBarcode: barcode, title: 'Learning Java', callNumber: 'QA76.73 .J38', from: 'Main Circulation Desk', to: 'Hillcrest Circulation' },
      item: { status: 'in-transit' },
    });
    const arrived = await checkInVia(desk, { itemBarcode: barcode, servicePointId: hillcrest.servicePointId });
    expect(arrived.json()).toMatchObject({ action: 'shelve', instruction: 'Shelve at Hillcrest Library — Hillcrest Stacks, QA76.73 .J38', loan: null, item: { status: 'available' } });
  });

  it('backdates a return from the book drop: not overdue if it was dropped in time', async () => {
    const barcode = await item();
    const { loanId } = await lend(barcode);
    const due = new Date((await loanRow(loanId)).due_at);
    await setClock(new Date(due.getTime() + 2 * day));
    const late = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId, returnedAt: new Date(due.getTime() - 3600_000).toISOString() });
    expect(late.json().loan).toMatchObject({ overdue: false, returnedAt: new Date(due.getTime() - 3600_000).toISOString() });
    expect((await loanRow(loanId)).checked_in_at).toBe(clock.now().toISOString());
    await setClock('2026-11-02T17:00:00Z');
  });

  it('refuses a return time in the future or before the loan began', async () => {
    const barcode = await item();
    await lend(barcode);
    const future = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId, returnedAt: '2026-11-03T00:00:00Z' });
    expect(future.statusCode).toBe(400);
    const before = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId, returnedAt: '2026-11-01T00:00:00Z' });
    expect(before.statusCode).toBe(400);
    expect(await itemStatus(barcode)).toBe('checked-out');
  });

  it('marks a late return overdue; the loan-closed event forgets the patron like the loan (the fine keeps them)', async () => {
    const barcode = await item();
    const { loanId } = await lend(barcode);
    await advance(30 * day);
    const reply = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.json().loan.overdue).toBe(true);
    const closedEvent = await db().selectFrom('circulation_event').selectAll().where('loan_id', '=', loanId).where('kind', '=', 'loan-closed').executeTakeFirstOrThrow();
    expect(closedEvent.patron_id).toBeNull();
    expect(JSON.parse(closedEvent.payload)).toMatchObject({ overdue: true, state: 'returned' });
    await setClock('2026-11-02T17:00:00Z');
  });

  it('resolves a lost item brought back by the patron', async () => {
    const barcode = await item();
    const { loanId } = await lend(barcode);
    expect((await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loanId}/declare-lost`, payload: {} })).statusCode).toBe(200);
    const reply = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.json()).toMatchObject({ resolution: 'returned-by-patron', loan: { state: 'returned' }, item: { status: 'available' } });
    const kinds = (await db().selectFrom('circulation_event').select('kind').where('loan_id', '=', loanId).execute()).map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['item-declared-lost', 'loan-closed', 'lost-item-returned']));
  });

  it('resolves a claimed-returned item as found by the library', async () => {
    const barcode = await item();
    const { loanId } = await lend(barcode);
    await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loanId}/claim-returned`, payload: { reason: 'says it went in the book drop' } });
    const reply = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.json()).toMatchObject({ resolution: 'found-by-library', loan: { state: 'found-by-library' }, item: { status: 'available' } });
    expect((await loanRow(loanId)).state).toBe('found-by-library');
  });

  it('checks in a missing item that is not on loan: no error, found by the library', async () => {
    const barcode = await item();
    const itemId = (await db().selectFrom('item').select('id').where('barcode', '=', barcode).executeTakeFirstOrThrow()).id;
    const missing = await desk.request({ method: 'POST', url: `/api/v1/items/${itemId}/mark-missing`, payload: { reason: 'not on shelf at inventory' } });
    expect(missing.json().item.status).toBe('missing');
    const reply = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ action: 'shelve', loan: null, resolution: 'found-by-library', item: { status: 'available' } });
  });

  it('checks in an item that is simply on the shelf without fuss', async () => {
    const barcode = await item();
    const reply = await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ action: 'shelve', loan: null, item: { status: 'available' } });
  });

  it('answers ITEM_NOT_FOUND for an unknown barcode', async () => {
    const reply = await checkInVia(desk, { itemBarcode: 'nope', servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().error.code).toBe('ITEM_NOT_FOUND');
  });
});

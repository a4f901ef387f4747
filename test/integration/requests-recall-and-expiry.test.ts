import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runHoldShelfExpiry } from '../../src/modules/requests/hold-shelf.service.ts';
import { testServiceContext } from '../support/service-context.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest, requestOf } from '../support/factories/requests.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

const day = 86_400_000;

describeOnBothDatabases('recalls and the hold shelf expiry', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles; 21-day loans, recalls guarantee 7 days and give 3 days to return
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let account: { username: string; password: string };
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician, technicianAccount: account } = await makeDesk(database(), clock, {
      loanPolicy: { recalls: { minimumGuaranteedPeriod: { amount: 7, unit: 'days' }, returnInterval: { amount: 3, unit: 'days' } } },
    }));
  });
  afterAll(async () => app.close());

  async function at(instant: string) {
    clock.set(instant);
    technician = await signInAs(app, account.username, account.password);
  }

  async function lend(title: string) {
    const borrower = await makePatron(db(), library.institutionId);
    const book = await makeInstance(db(), library, { title });
    const reply = await checkOutVia(technician, { patronBarcode: borrower.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(201);
    return { borrower, loanId: reply.json().loan.id as string, dueAt: reply.json().loan.dueAt as string, ...book };
  }

  it('a recall early in the loan keeps the minimum guaranteed period; later, the return interval applies', async () => {
    await at('2026-11-02T17:00:00Z');
    const early = await lend('Early recall');
    const late = await lend('Late recall');
    expect(early.dueAt).toBe('2026-11-24T07:59:00.000Z');
    const recaller = await makePatron(db(), library.institutionId);

    await at('2026-11-03T17:00:00Z');
    await placedRequest(technician, { type: 'recall', patronBarcode: recaller.barcode, itemBarcode: early.barcodes[0], pickupServicePointId: library.servicePointId });
    const shortened = await db().selectFrom('loan').select(['due_at', 'recalled_at']).where('id', '=', early.loanId).executeTakeFirstOrThrow();
    // loaned 2 Nov + 7 days guaranteed = 9 Nov (later than 3 Nov + 3 days)
    expect(new Date(shortened.due_at).toISOString()).toBe('2026-11-10T07:59:00.000Z');
    expect(shortened.recalled_at).not.toBeNull();
    const event = await db().selectFrom('circulation_event').selectAll().where('loan_id', '=', early.loanId).where('kind', '=', 'loan-recalled').execute();
    expect(event).toHaveLength(1);
    expect(await db().selectFrom('audit_event').select('id').where('entity_id', '=', early.loanId).where('action', '=', 'loan.recall').execute()).toHaveLength(1);

    await at('2026-11-12T17:00:00Z');
    await placedRequest(technician, { type: 'recall', patronBarcode: recaller.barcode, itemBarcode: late.barcodes[0], pickupServicePointId: library.servicePointId });
    const lateLoan = await db().selectFrom('loan').select('due_at').where('id', '=', late.loanId).executeTakeFirstOrThrow();
    // 12 Nov + 3 days to return = 15 Nov
    expect(new Date(lateLoan.due_at).toISOString()).toBe('2026-11-16T07:59:00.000Z');
  });

  it('an uncollected hold expires each morning; its item stays to clear until scanned, then passes to the next patron, then back to the shelf', async () => {
    await at('2026-12-01T17:00:00Z');
    const book = await lend('Popular');
    const first = await makePatron(db(), library.institutionId);
    const second = await makePatron(db(), library.institutionId);
    const firstRequest = await placedRequest(technician, { type: 'hold', patronBarcode: first.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    const secondRequest = await placedRequest(technician, { type: 'hold', patronBarcode: second.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    const checkedIn = await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    // 7 open days from Tuesday 1 December: through Tuesday 8 December, 20:00
    expect(checkedIn.json().holdSlip).toMatchObject({ requestId: firstRequest.id, holdShelfExpiresAt: '2026-12-09T04:00:00.000Z' });

    await at('2026-12-09T16:00:00Z');
    const shelf = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/hold-shelf` });
    expect(shelf.json().items).toContainEqual(expect.objectContaining({ requestId: firstRequest.id, expired: true, clearFromShelf: false }));
    const run = await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId);
    expect(run.alreadyRan).toBe(false);
    expect(run.expired).toEqual([{ requestId: firstRequest.id, itemId: book.itemIds[0] }]);
    expect((await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId)).alreadyRan).toBe(true);
    let requests = await requestOf(technician, `itemId=${book.itemIds[0]}`);
    expect(requests.find((request) => request.id === firstRequest.id)!.status).toBe('closed-pickup-expired');
    expect(requests.find((request) => request.id === secondRequest.id)).toMatchObject({ status: 'open-not-yet-filled' });
    const toClear = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/hold-shelf` });
    expect(toClear.json().items).toContainEqual(expect.objectContaining({ requestId: firstRequest.id, expired: true, clearFromShelf: true }));

    await at('2026-12-09T17:00:00Z');
    const cleared = await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(cleared.json()).toMatchObject({ action: 'hold-shelf', clearedFromHoldShelf: true, holdSlip: { requestId: secondRequest.id, holdShelfExpiresAt: '2026-12-17T04:00:00.000Z' } });
    requests = await requestOf(technician, `itemId=${book.itemIds[0]}`);
    expect(requests.find((request) => request.id === secondRequest.id)).toMatchObject({ status: 'open-awaiting-pickup', holdShelfExpiresAt: '2026-12-17T04:00:00.000Z' });

    await at('2026-12-17T16:00:00Z');
    const last = await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId);
    expect(last.expired).toEqual([{ requestId: secondRequest.id, itemId: book.itemIds[0] }]);
    expect((await checkInVia(technician, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).json()).toMatchObject({ action: 'shelve', clearedFromHoldShelf: true });
    const item = await technician.request({ method: 'GET', url: `/api/v1/items?barcode=${book.barcodes[0]}` });
    expect(item.json().items[0].status).toBe('available');
  });
});

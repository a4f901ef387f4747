import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runAgedToLost } from '../../src/modules/circulation/aged-to-lost.job.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { checkOutVia, makeDesk, openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

const day = 24 * 3600_000;

describeOnBothDatabases('lost, claimed returned and missing items', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let studentWorker: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician, studentWorker } = await makeDesk(database(), clock, { lostItemPolicy: { agedToLostAfter: { amount: 30, unit: 'days' } } }));
  });
  afterAll(async () => app.close());

  async function lend(patronBarcode: string) {
    const { barcodes, itemIds } = await makeInstance(db(), library, { title: 'Gone Astray' });
    const reply = await checkOutVia(technician, { patronBarcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(201);
    return { loanId: reply.json().loan.id as string, itemId: itemIds[0]! };
  }
  const patronRow = (id: string) => db().selectFrom('patron').select(['lost_item_count', 'claimed_returned_count']).where('id', '=', id).executeTakeFirstOrThrow();
  const itemStatus = async (id: string) => (await db().selectFrom('item').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const post = (url: string, payload: Record<string, unknown> = {}, session = technician) => session.request({ method: 'POST', url, payload });

  it('declares an item lost: loan and item change, the patron count goes up, and the fees module hears of it', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const { loanId, itemId } = await lend(reader.barcode);
    const reply = await post(`/api/v1/circulation/loans/${loanId}/declare-lost`, { reason: 'Left on the bus' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().loan).toMatchObject({ id: loanId, state: 'declared-lost', status: 'open' });
    expect(await itemStatus(itemId)).toBe('declared-lost');
    expect((await patronRow(reader.id)).lost_item_count).toBe(1);
    const event = await db().selectFrom('circulation_event').selectAll().where('loan_id', '=', loanId).where('kind', '=', 'item-declared-lost').executeTakeFirstOrThrow();
    expect(event.patron_id).toBe(reader.id);
    expect(JSON.parse(event.payload)).toMatchObject({ previousState: 'checked-out', reason: 'Left on the bus' });
    expect((await post(`/api/v1/circulation/loans/${loanId}/declare-lost`)).statusCode).toBe(409);
  });

  it('records a claim returned, counting claims per patron; a student worker may not', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const { loanId, itemId } = await lend(reader.barcode);
    expect((await post(`/api/v1/circulation/loans/${loanId}/claim-returned`, {}, studentWorker)).statusCode).toBe(403);
    const reply = await post(`/api/v1/circulation/loans/${loanId}/claim-returned`, { reason: 'Says it went in the book drop in October' });
    expect(reply.json().loan.state).toBe('claimed-returned');
    expect(await itemStatus(itemId)).toBe('claimed-returned');
    expect(await patronRow(reader.id)).toEqual({ lost_item_count: 0, claimed_returned_count: 1 });
    // after a search, the library gives up: declared lost
    expect((await post(`/api/v1/circulation/loans/${loanId}/declare-lost`)).json().loan.state).toBe('declared-lost');
    expect(await patronRow(reader.id)).toEqual({ lost_item_count: 1, claimed_returned_count: 1 });
  });

  it('marks an item on the shelf missing, with a reason; an item on loan cannot be', async () => {
    const { itemIds } = await makeInstance(db(), library, { title: 'Not Where It Should Be' });
    const missing = await post(`/api/v1/items/${itemIds[0]}/mark-missing`, { reason: 'not found at shelf reading' });
    expect(missing.statusCode).toBe(200);
    expect(await itemStatus(itemIds[0]!)).toBe('missing');
    const audit = await db().selectFrom('audit_event').selectAll().where('entity_id', '=', itemIds[0]!).where('action', '=', 'item.mark-missing').executeTakeFirstOrThrow();
    expect(audit.reason).toBe('not found at shelf reading');

    const reader = await makePatron(db(), library.institutionId);
    const { itemId } = await lend(reader.barcode);
    expect((await post(`/api/v1/items/${itemId}/mark-missing`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('ages long-overdue loans to lost once a day, without touching loans inside the delay', async () => {
    const institution = await makeInstitution(db());
    await makeCirculationSetup(db(), institution, { lostItemPolicy: { agedToLostAfter: { amount: 30, unit: 'days' } } });
    await openEveryDay(db(), institution);
    const staff = await makeStaff(db(), institution.institutionId, { roleCode: 'technician' });
    const session = await signInAs(app, staff.username, staff.password);
    const reader = await makePatron(db(), institution.institutionId);
    const lendHere = async () => {
      const { barcodes, itemIds } = await makeInstance(db(), institution, { title: 'Long Gone' });
      const reply = await checkOutVia(session, { patronBarcode: reader.barcode, itemBarcode: barcodes[0], servicePointId: institution.servicePointId });
      return { loanId: reply.json().loan.id as string, itemId: itemIds[0]! };
    };
    const longOverdue = await lendHere();
    const recentlyOverdue = await lendHere();
    await db().updateTable('loan').set({ due_at: new Date(clock.now().getTime() - 31 * day).toISOString() }).where('id', '=', longOverdue.loanId).execute();
    await db().updateTable('loan').set({ due_at: new Date(clock.now().getTime() - 10 * day).toISOString() }).where('id', '=', recentlyOverdue.loanId).execute();

    // two app nodes start the job at the same moment: it runs once
    const [first, second] = await Promise.all([runAgedToLost(db(), clock, institution.institutionId), runAgedToLost(db(), clock, institution.institutionId)]);
    const ran = [first, second].filter((outcome) => !outcome.alreadyRan);
    expect(ran).toHaveLength(1);
    expect(ran[0]!.agedToLost).toEqual([longOverdue.loanId]);
    expect((await runAgedToLost(db(), clock, institution.institutionId)).alreadyRan).toBe(true);

    const loan = await db().selectFrom('loan').select(['state', 'aged_to_lost_at']).where('id', '=', longOverdue.loanId).executeTakeFirstOrThrow();
    expect(loan).toEqual({ state: 'aged-to-lost', aged_to_lost_at: clock.now().toISOString() });
    expect(await itemStatus(longOverdue.itemId)).toBe('aged-to-lost');
    expect(await itemStatus(recentlyOverdue.itemId)).toBe('checked-out');
    expect((await patronRow(reader.id)).lost_item_count).toBe(1);
    const events = await db().selectFrom('circulation_event').select('kind').where('loan_id', '=', longOverdue.loanId).where('kind', '=', 'item-aged-to-lost').execute();
    expect(events).toHaveLength(1);

    // 21 days later the other loan has been overdue 31 days: the next day's run takes it, and only it
    const later = fixedClock(new Date(clock.now().getTime() + 21 * day));
    const next = await runAgedToLost(db(), later, institution.institutionId);
    expect(next).toMatchObject({ alreadyRan: false, agedToLost: [recentlyOverdue.loanId] });
    const jobRuns = await db().selectFrom('job_run').selectAll().where('institution_id', '=', institution.institutionId).orderBy('run_key').execute();
    expect(jobRuns.map((run) => run.run_key)).toEqual(['2026-11-02', '2026-11-23']);
    expect(jobRuns.every((run) => run.finished_at !== null)).toBe(true);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { checkDatabaseIntegrity } from '../../src/modules/maintenance/integrity-check.service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest, requestOf } from '../support/factories/requests.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('undoing the last check-out at the desk', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let studentWorker: StaffSession;
  let otherStudentWorker: StaffSession;
  let supervisor: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician, studentWorker } = await makeDesk(database(), clock));
    const other = await makeStaff(db(), library.institutionId, { roleCode: 'student-worker' });
    otherStudentWorker = await signInAs(app, other.username, other.password);
    const boss = await makeStaff(db(), library.institutionId, { roleCode: 'supervisor' });
    supervisor = await signInAs(app, boss.username, boss.password);
  });
  afterAll(async () => app.close());

  const book = async (title = 'Learning Java') => (await makeInstance(db(), library, { title })).barcodes[0]!;
  async function lend(patronBarcode: string, itemBarcode: string, session = technician) {
    const reply = await checkOutVia(session, { patronBarcode, itemBarcode, servicePointId: library.servicePointId });
    expect(reply.statusCode, reply.body).toBe(201);
    return reply.json().loan as { id: string };
  }
  const undo = (loanId: string, session = technician) => session.request({ method: 'POST', url: `/api/v1/circulation/loans/${loanId}/undo-check-out`, payload: {} });
  const itemStatus = async (barcode: string) => (await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow()).status;
  async function loansOf(patronId: string, status?: 'open') {
    const reply = await technician.request({ method: 'GET', url: `/api/v1/circulation/loans?patronId=${patronId}${status ? `&status=${status}` : ''}` });
    return reply.json().total as number;
  }
  async function expectIntegrity() {
    const report = await checkDatabaseIntegrity(db());
    expect(report.violations, JSON.stringify(report.violations)).toEqual([]);
  }

  it('takes back a check-out within a minute: the book is on the shelf again and the patron has no loan, nor any trace of one', async () => {
    const reader = await makePatron(db(), library.institutionId, { keepLoanHistory: true });
    const barcode = await book();
    const loan = await lend(reader.barcode, barcode);
    expect(await loansOf(reader.id, 'open')).toBe(1);
    clock.advance(45_000);

    const reply = await undo(loan.id);
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json().undone).toMatchObject({ loanId: loan.id, item: { barcode, status: 'available' }, request: null });
    expect(await itemStatus(barcode)).toBe('available');
    expect(await loansOf(reader.id, 'open')).toBe(0);
    expect(await loansOf(reader.id)).toBe(0);
    expect(await db().selectFrom('circulation_event').select('id').where('loan_id', '=', loan.id).execute()).toEqual([]);
    const audit = await db().selectFrom('audit_event').select(['action', 'before', 'after']).where('entity_id', '=', loan.id).orderBy('occurred_at').execute();
    expect(audit.map((event) => event.action)).toEqual(['loan.check-out', 'loan.undo-check-out']);
    expect(JSON.parse(audit[1]!.before!)).toMatchObject({ itemBarcode: barcode, patronId: reader.id, itemStatus: 'checked-out' });
    expect(JSON.parse(audit[1]!.after!)).toMatchObject({ itemStatus: 'available' });
    const receipt = await technician.request({ method: 'GET', url: `/api/v1/circulation/loans/${loan.id}` });
    expect(receipt.statusCode).toBe(404);
    await expectIntegrity();
  });

  it('refuses after 61 seconds, and after a renewal, saying why in one sentence', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const late = await lend(reader.barcode, await book());
    clock.advance(61_000);
    const tooLate = await undo(late.id);
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.json().error).toMatchObject({ code: 'UNDO_NOT_ALLOWED', message: 'A check-out can be undone only within a minute; check the item in instead.' });

    const renewed = await lend(reader.barcode, await book());
    expect((await technician.request({ method: 'POST', url: `/api/v1/circulation/loans/${renewed.id}/renew`, payload: {} })).statusCode).toBe(200);
    const afterRenewal = await undo(renewed.id);
    expect(afterRenewal.statusCode).toBe(422);
    expect(afterRenewal.json().error).toMatchObject({ code: 'UNDO_NOT_ALLOWED', details: { reason: 'renewed' } });
    expect(await loansOf(reader.id, 'open')).toBe(2);
  });

  it('refuses once a notice about the loan has gone to the patron, saying so', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const loan = await lend(reader.barcode, await book());
    const at = clock.now().toISOString();
    await db()
      .insertInto('notice_delivery')
      .values({ id: `notice-${loan.id}`, institution_id: library.institutionId, patron_id: reader.id, loan_id: loan.id, kind: 'check-out-receipt', event_key: `receipt-${loan.id}`, batch_id: `batch-${loan.id}`, status: 'sent', last_error: null, next_attempt_at: null, sent_at: at, recipient: 'reader@example.edu', subject: 'Your loans', body: 'You borrowed one item.', created_at: at })
      .execute();
    const reply = await undo(loan.id);
    expect(reply.statusCode).toBe(422);
    expect(reply.json().error).toMatchObject({ code: 'UNDO_NOT_ALLOWED', details: { reason: 'notice-sent' }, message: 'A notice about this loan has already gone to the patron; check the item in instead.' });
    expect(await loansOf(reader.id, 'open')).toBe(1);
  });

  it('lets only the student worker who lent it undo it, or a supervisor', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const first = await lend(reader.barcode, await book(), studentWorker);
    const refused = await undo(first.id, otherStudentWorker);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toBe('Only the staff member who checked this item out, or a supervisor, may undo the check-out.');
    expect((await undo(first.id, supervisor)).statusCode).toBe(200);

    const second = await lend(reader.barcode, await book(), studentWorker);
    expect((await undo(second.id, studentWorker)).statusCode).toBe(200);
    expect(await loansOf(reader.id, 'open')).toBe(0);
  });

  it('puts a hold-shelf item checked out to its requester back on the hold shelf, the request open and the queue as it was', async () => {
    const borrower = await makePatron(db(), library.institutionId);
    const [requester, next] = [await makePatron(db(), library.institutionId), await makePatron(db(), library.institutionId)];
    const barcode = await book('Wanted by two');
    await lend(borrower.barcode, barcode);
    const held = await placedRequest(technician, { type: 'hold', patronBarcode: requester.barcode, itemBarcode: barcode, pickupServicePointId: library.servicePointId });
    const waiting = await placedRequest(technician, { type: 'hold', patronBarcode: next.barcode, itemBarcode: barcode, pickupServicePointId: library.servicePointId });
    expect((await checkInVia(technician, { itemBarcode: barcode, servicePointId: library.servicePointId })).json().action).toBe('hold-shelf');
    const onShelf = (await requestOf(technician, `patronId=${requester.id}`))[0]!;
    expect(onShelf.status).toBe('open-awaiting-pickup');

    const loan = await lend(requester.barcode, barcode);
    expect((await requestOf(technician, `patronId=${requester.id}`))[0]).toMatchObject({ status: 'closed-filled', filledLoanId: loan.id });
    clock.advance(20_000);
    const reply = await undo(loan.id);
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json().undone).toMatchObject({ item: { status: 'awaiting-pickup' }, request: { id: held.id, status: 'open-awaiting-pickup' } });
    expect(await itemStatus(barcode)).toBe('awaiting-pickup');
    const queue = await requestOf(technician, `itemId=${onShelf.item!.id}`);
    expect(queue.find((request) => request.id === held.id)).toMatchObject({ status: 'open-awaiting-pickup', queuePosition: onShelf.queuePosition, holdShelfExpiresAt: onShelf.holdShelfExpiresAt, filledLoanId: null });
    expect(queue.find((request) => request.id === waiting.id)).toMatchObject({ status: 'open-not-yet-filled', queuePosition: waiting.queuePosition });
    const shelf = await technician.request({ method: 'GET', url: `/api/v1/service-points/${library.servicePointId}/hold-shelf` });
    expect(JSON.stringify(shelf.json())).toContain(held.id);
    await expectIntegrity();

    // the requester can still take it home
    await lend(requester.barcode, barcode);
  });

  it('undoes a check-out once: a second undo finds no loan', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const barcode = await book();
    const loan = await lend(reader.barcode, barcode);
    expect((await undo(loan.id)).statusCode).toBe(200);
    const again = await undo(loan.id);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('LOAN_NOT_FOUND');
    expect(await itemStatus(barcode)).toBe('available');
    await expectIntegrity();
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkOutVia, makeDesk, refusalCodes } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import type { StaffSession } from '../support/http.ts';

describeOnBothDatabases('renewals and due date changes', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let studentWorker: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician, studentWorker } = await makeDesk(database(), clock, {
      rules: ({ materialTypes }) => [
        { name: 'Laptops', materialTypeId: materialTypes.laptop, loanPolicySettings: { loanPeriod: { kind: 'rolling', period: { amount: 3, unit: 'days' } }, renewals: { allowed: false } } },
      ],
    }));
  });
  afterAll(async () => app.close());

  async function lend(patronBarcode: string, materialTypeCode = 'book') {
    const { barcodes } = await makeInstance(db(), library, { title: 'Renewable' }, [{ materialTypeCode }]);
    const reply = await checkOutVia(technician, { patronBarcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(201);
    return reply.json().loan.id as string;
  }
  const renew = (loanId: string, body: Record<string, unknown> = {}, session = technician) =>
    session.request({ method: 'POST', url: `/api/v1/circulation/loans/${loanId}/renew`, payload: body });

  it('renews from the current due date for another loan period, up to the policy maximum', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const loanId = await lend(reader.barcode);
    const first = await renew(loanId);
    expect(first.statusCode).toBe(200);
    // 23 Nov + 21 days = 14 December, 23:59 in Los Angeles
    expect(first.json().loan).toMatchObject({ id: loanId, dueAt: '2026-12-15T07:59:00.000Z', renewalCount: 1, originalDueAt: '2026-11-24T07:59:00.000Z' });
    expect((await renew(loanId)).json().loan.renewalCount).toBe(2);
    const third = await renew(loanId);
    expect(third.statusCode).toBe(422);
    expect(third.json().error.code).toBe('RENEWAL_REFUSED');
    expect(third.json().error.details.refusals).toEqual([expect.objectContaining({ code: 'RENEWAL_LIMIT_REACHED', overridable: true, overridePermission: 'circulation.override' })]);

    const byStudent = await renew(loanId, { override: { reason: 'thesis deadline' } }, studentWorker);
    expect(byStudent.statusCode).toBe(403);
    expect(byStudent.json().error.details.permission).toBe('circulation.override');

    const overridden = await renew(loanId, { override: { reason: 'thesis deadline' } });
    expect(overridden.statusCode).toBe(200);
    expect(overridden.json().loan.renewalCount).toBe(3);
    const audit = await db().selectFrom('audit_event').selectAll().where('entity_id', '=', loanId).where('action', '=', 'loan.renew').orderBy('occurred_at').execute();
    expect(audit).toHaveLength(3);
    expect(audit.find((entry) => entry.reason === 'thesis deadline')).toBeDefined();
    const events = await db().selectFrom('circulation_event').select('kind').where('loan_id', '=', loanId).where('kind', '=', 'loan-renewed').execute();
    expect(events).toHaveLength(3);
  });

  it('refuses when the policy allows no renewals', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const loanId = await lend(reader.barcode, 'laptop');
    expect(refusalCodes(await renew(loanId))).toEqual(['RENEWALS_NOT_ALLOWED']);
  });

  it('refuses for a block that stops renewals, not for one that only stops borrowing; and for an expired card', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const loanId = await lend(reader.barcode);
    const block = { institution_id: library.institutionId, patron_id: reader.id, patron_message: null, blocks_requests: false, expires_at: null, created_by: 'test', created_at: clock.now().toISOString() };
    await db().insertInto('patron_block').values({ ...block, id: newId(), reason: 'borrowing only', blocks_borrowing: true, blocks_renewals: false }).execute();
    expect((await renew(loanId)).statusCode).toBe(200);
    await db().insertInto('patron_block').values({ ...block, id: newId(), reason: 'Library fines', blocks_borrowing: false, blocks_renewals: true }).execute();
    await db().updateTable('patron').set({ expires_on: '2026-10-01' }).where('id', '=', reader.id).execute();
    // the card expired before today: staff may override that, and the expiry then does not pull the due date into the past
    expect(refusalCodes(await renew(loanId))).toEqual(['PATRON_BLOCKED', 'PATRON_EXPIRED']);
    const overridden = await renew(loanId, { override: { reason: 'card renewal in progress' } });
    expect(overridden.statusCode).toBe(200);
    // 14 Dec + 21 days = Mon 4 Jan 2027 23:59 in Los Angeles, not the expiry date 1 Oct
    expect(overridden.json().loan.dueAt).toBe('2027-01-05T07:59:00.000Z');
  });

  it('refuses a recalled item, and a loan declared lost (not overridable)', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const recalled = await lend(reader.barcode);
    await db().updateTable('loan').set({ recalled_at: clock.now().toISOString() }).where('id', '=', recalled).execute();
    expect(refusalCodes(await renew(recalled))).toEqual(['ITEM_RECALLED']);
    const lost = await lend(reader.barcode);
    await technician.request({ method: 'POST', url: `/api/v1/circulation/loans/${lost}/declare-lost`, payload: {} });
    const reply = await renew(lost, { override: { reason: 'try anyway' } });
    expect(reply.statusCode).toBe(422);
    expect(refusalCodes(reply)).toEqual(['LOAN_NOT_CHECKED_OUT']);
  });

  it('renews all of a patron\'s loans in one call, with a result per loan', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const book = await lend(reader.barcode);
    const laptop = await lend(reader.barcode, 'laptop');
    const all = await technician.request({ method: 'POST', url: '/api/v1/circulation/renew', payload: { patronBarcode: reader.barcode } });
    expect(all.statusCode).toBe(200);
    const results = all.json().results as { loanId: string; renewed: boolean; refusals?: { code: string }[] }[];
    expect(results).toHaveLength(2);
    expect(results.find((result) => result.loanId === book)).toMatchObject({ renewed: true, dueAt: '2026-12-15T07:59:00.000Z' });
    expect(results.find((result) => result.loanId === laptop)).toMatchObject({ renewed: false, refusals: [expect.objectContaining({ code: 'RENEWALS_NOT_ALLOWED' })] });

    const stranger = newId();
    const named = await technician.request({ method: 'POST', url: '/api/v1/circulation/renew', payload: { patronBarcode: reader.barcode, loanIds: [book, stranger] } });
    expect(named.json().results).toEqual([
      expect.objectContaining({ loanId: book, renewed: true }),
      expect.objectContaining({ loanId: stranger, renewed: false, refusals: [expect.objectContaining({ code: 'LOAN_NOT_FOUND' })] }),
    ]);
    const unknown = await technician.request({ method: 'POST', url: '/api/v1/circulation/renew', payload: { patronBarcode: 'nobody' } });
    expect(unknown.json().error.code).toBe('PATRON_NOT_FOUND');
  });

  it('changes a due date with a reason, audited before and after; a student worker may not', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const loanId = await lend(reader.barcode);
    const denied = await studentWorker.request({ method: 'PATCH', url: `/api/v1/circulation/loans/${loanId}/due-date`, payload: { dueAt: '2026-12-01T07:59:00Z', reason: 'x' } });
    expect(denied.statusCode).toBe(403);
    const reply = await technician.request({ method: 'PATCH', url: `/api/v1/circulation/loans/${loanId}/due-date`, payload: { dueAt: '2026-12-01T07:59:00Z', reason: 'Faculty request for the term' } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().loan.dueAt).toBe('2026-12-01T07:59:00.000Z');
    const audit = await db().selectFrom('audit_event').selectAll().where('entity_id', '=', loanId).where('action', '=', 'loan.change-due-date').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ dueAt: '2026-11-24T07:59:00.000Z' });
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ dueAt: '2026-12-01T07:59:00.000Z' });
    expect(audit.reason).toBe('Faculty request for the term');
    const before = await technician.request({ method: 'PATCH', url: `/api/v1/circulation/loans/${loanId}/due-date`, payload: { dueAt: '2026-10-01T00:00:00Z', reason: 'oops' } });
    expect(before.statusCode).toBe(400);
  });

  it('lists a patron\'s open loans with overdue flags', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const loanId = await lend(reader.barcode);
    await db().updateTable('loan').set({ due_at: '2026-11-01T00:00:00.000Z' }).where('id', '=', loanId).execute();
    const overdue = await technician.request({ method: 'GET', url: `/api/v1/circulation/loans?patronId=${reader.id}&overdue=true` });
    expect(overdue.json()).toMatchObject({ total: 1, items: [{ id: loanId, overdue: true, renewalCount: 0, state: 'checked-out', patron: { id: reader.id } }] });
    const one = await technician.request({ method: 'GET', url: `/api/v1/circulation/loans/${loanId}` });
    expect(one.json().loan.item.title).toBe('Renewable');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadFee } from '../../src/modules/fees/fee-account.service.ts';
import { payFee } from '../../src/modules/fees/fee-ledger.service.ts';
import { runFineAccrual } from '../../src/modules/fees/fine-accrual.job.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import { feeStaffWithRole } from '../support/factories/fee-ledger.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { signInAs, type StaffSession } from '../support/http.ts';
import { testServiceContext } from '../support/service-context.ts';

/**
 * A book lent on Sun 11 Oct 2026 at 10:00 in Los Angeles for 21 days is due Sun 1 Nov 23:59
 * (2026-11-02T07:59Z); fines are $0.25 a day; the desk is open every day. Renewing it late or
 * moving its due date must never charge a day twice.
 */
describeOnBothDatabases('overdue fines when a due date moves', (database) => {
  const clock = fixedClock('2026-10-11T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let desk: StaffSession;
  let staff: { username: string; password: string };
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician: desk, technicianAccount: staff } = await makeDesk(database(), clock, {
      overdueFinePolicy: { amountCents: 25, interval: 1, intervalUnit: 'days', chargeAt: 'end' },
    }));
  });
  afterAll(async () => app.close());

  async function setClock(to: string) {
    clock.set(to);
    desk = await signInAs(app, staff.username, staff.password);
  }

  async function lend() {
    await setClock('2026-10-11T17:00:00Z');
    const reader = await makePatron(db(), library.institutionId);
    const { barcodes } = await makeInstance(db(), library, { title: 'The Overdue Book' });
    const reply = await checkOutVia(desk, { patronBarcode: reader.barcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().loan.dueAt).toBe('2026-11-02T07:59:00.000Z');
    return { patronId: reader.id, barcode: barcodes[0]!, loanId: reply.json().loan.id as string };
  }

  async function feesOf(patronId: string) {
    const rows = await db().selectFrom('fee').select('id').where('patron_id', '=', patronId).orderBy('created_at').orderBy('id').execute();
    return Promise.all(rows.map((row) => loadFee(db(), library.institutionId, row.id)));
  }
  const balanceOf = async (patronId: string) => (await feesOf(patronId)).reduce((sum, fee) => sum + fee.balanceCents, 0);
  const checkIn = (barcode: string) => checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId });
  const renew = (loanId: string) => desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loanId}/renew`, payload: {} });
  const changeDueDate = (loanId: string, dueAt: string) =>
    desk.request({ method: 'PATCH', url: `/api/v1/circulation/loans/${loanId}/due-date`, payload: { dueAt, reason: 'Agreed with the patron' } });
  const accrue = () => runFineAccrual(db(), clock, library.institutionId);

  it('renewing a month-overdue loan charges the month once and counts the new loan from the renewal, not from the past due date', async () => {
    const loan = await lend();
    // Tue 1 Dec 10:00: 30 days late (a day begun counts) = $7.50, charged at the renewal
    await setClock('2026-12-01T18:00:00Z');
    const renewed = await renew(loan.loanId);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json().fine).toMatchObject({ fineCents: 750, forgiven: false });
    // 21 days from the renewal: Tue 22 Dec 23:59, not the past Sun 22 Nov
    expect(renewed.json().loan.dueAt).toBe('2026-12-23T07:59:00.000Z');
    expect(renewed.json().dueDateExplanation[0]).toContain('counting from the renewal, as the loan is overdue');

    // two days later the renewed loan is not overdue: the nightly accrual charges nothing
    await setClock('2026-12-03T18:00:00Z');
    expect((await accrue()).raised).not.toContain(loan.loanId);
    expect(await balanceOf(loan.patronId)).toBe(750);

    // back Fri 25 Dec 10:00: 3 days late on the renewed loan = $0.75, on a fee of its own
    await setClock('2026-12-25T18:00:00Z');
    const returned = await checkIn(loan.barcode);
    expect(returned.json().fine.fineCents).toBe(75);
    const fees = await feesOf(loan.patronId);
    expect(fees.map((fee) => [fee.description, fee.balanceCents])).toEqual([
      ['Overdue fine, due 2026-11-02T07:59:00.000Z', 750],
      ['Overdue fine, due 2026-12-23T07:59:00.000Z', 75],
    ]);
    expect(await balanceOf(loan.patronId)).toBe(825);
  });

  it('moving the due date recounts the fine already accrued, on the same fee, and later accrual and check-in go on from there', async () => {
    const loan = await lend();
    // Fri 6 Nov 10:00: 5 days late = $1.25 accrued overnight
    await setClock('2026-11-06T18:00:00Z');
    await accrue();
    expect(await balanceOf(loan.patronId)).toBe(125);

    // due Wed 4 Nov 23:59 instead: 2 days late so far = $0.50
    expect((await changeDueDate(loan.loanId, '2026-11-05T07:59:00.000Z')).statusCode).toBe(200);
    expect(await balanceOf(loan.patronId)).toBe(50);
    // due Tue 10 Nov 23:59 instead: not late at all, nothing owed
    expect((await changeDueDate(loan.loanId, '2026-11-11T07:59:00.000Z')).statusCode).toBe(200);
    expect(await balanceOf(loan.patronId)).toBe(0);
    const [fee, ...others] = await feesOf(loan.patronId);
    expect(others).toHaveLength(0);
    expect(fee!.actions.map((action) => [action.kind, action.amountCents])).toEqual([['adjustment', -75], ['adjustment', -50]]);
    expect(fee!.actions.map((action) => action.note)).toEqual([
      'Due date changed to Wed 4 Nov 2026 23:59: overdue fine recounted to $0.50.',
      'Due date changed to Tue 10 Nov 2026 23:59: overdue fine recounted to $0.00.',
    ]);

    // Fri 13 Nov 10:00: 3 days late from the new due date = $0.75, on the same fee
    await setClock('2026-11-13T18:00:00Z');
    expect((await accrue()).raised).toContain(loan.loanId);
    expect(await balanceOf(loan.patronId)).toBe(75);
    // back Sat 14 Nov 10:00: 4 days late = $1.00 in all, still one fee
    await setClock('2026-11-14T18:00:00Z');
    expect((await checkIn(loan.barcode)).json().fine.fineCents).toBe(100);
    expect(await feesOf(loan.patronId)).toHaveLength(1);
    expect(await balanceOf(loan.patronId)).toBe(100);
  });

  it('a fine partly paid stays paid when the due date moves later, and the paid part counts toward the new fine', async () => {
    const loan = await lend();
    // Sat 7 Nov 10:00: 6 days late = $1.50 accrued overnight; the patron pays $1.00 of it
    await setClock('2026-11-07T18:00:00Z');
    await accrue();
    const [accrued] = await feesOf(loan.patronId);
    await payFee(testServiceContext(db(), clock), feeStaffWithRole(library.institutionId, 'technician'), accrued!.id, { amountCents: 100, method: 'cash' });
    expect(await balanceOf(loan.patronId)).toBe(50);

    // due Tue 10 Nov 23:59 instead: what is still owed ($0.50) is taken off; the $1.00 paid stays paid
    expect((await changeDueDate(loan.loanId, '2026-11-11T07:59:00.000Z')).statusCode).toBe(200);
    expect(await balanceOf(loan.patronId)).toBe(0);
    // back Sat 14 Nov 10:00: 4 days late = $1.00, already paid: nothing more
    await setClock('2026-11-14T18:00:00Z');
    expect((await checkIn(loan.barcode)).json().fine.fineCents).toBe(100);
    expect(await feesOf(loan.patronId)).toHaveLength(1);
    expect(await balanceOf(loan.patronId)).toBe(0);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { payFee } from '../../src/modules/fees/fee-ledger.service.ts';
import { feeStaffWithRole } from '../support/factories/fee-ledger.ts';
import { chargeFeeAt } from '../support/factories/fees-desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';
import { testServiceContext } from '../support/service-context.ts';

describeOnBothDatabases('cash drawer reconciliation and fee reports', (database) => {
  const clock = fixedClock('2026-10-05T08:00:00Z');
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
  });
  afterAll(async () => app.close());

  async function freshLibrary(roleCode = 'supervisor'): Promise<{ library: InstitutionFixture; session: StaffSession; staffId: string }> {
    const library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode });
    return { library, session: await signInAs(app, staff.username, staff.password), staffId: staff.id };
  }

  const post = (session: StaffSession, url: string, payload: object) => session.request({ method: 'POST', url, payload });
  async function at(instant: string, action: () => Promise<{ statusCode: number; body: string }>) {
    clock.set(instant);
    const reply = await action();
    expect(reply.statusCode, reply.body).toBeLessThan(300);
    return reply;
  }

  it('totals a shift’s payments by method and the cash the drawer should hold, and records the count', async () => {
    const { library, session } = await freshLibrary();
    const desk = library.servicePointId;
    const patron = await makePatron(database().db, library.institutionId);
    const fees: string[] = [];
    for (let n = 0; n < 5; n += 1) fees.push(await chargeFeeAt(database().db, library.institutionId, patron.id, '2026-10-01T12:00:00Z', 1000));
    const pay = (feeId: string, amountCents: number, method: string, servicePointId?: string) => post(session, `/api/v1/fees/${feeId}/pay`, { amountCents, method, ...(servicePointId ? { servicePointId } : {}) });
    await at('2026-10-05T09:00:00Z', () => pay(fees[0]!, 500, 'cash', desk));
    await at('2026-10-05T09:30:00Z', () => pay(fees[1]!, 300, 'card', desk));
    await at('2026-10-05T10:00:00Z', () => pay(fees[2]!, 200, 'check', desk));
    await at('2026-10-05T10:10:00Z', () => pay(fees[3]!, 250, 'cash', desk));
    await at('2026-10-05T11:00:00Z', () => post(session, `/api/v1/fees/${fees[0]}/refund`, { amountCents: 150, refundTo: 'patron', servicePointId: desk, note: 'Paid twice' }));
    // Outside the shift, or at no desk: not in this drawer.
    await at('2026-10-05T13:30:00Z', () => pay(fees[4]!, 900, 'cash', desk));
    await at('2026-10-05T10:30:00Z', () => pay(fees[3]!, 100, 'cash'));

    const shift = `servicePointId=${desk}&from=2026-10-05T08:00:00Z&to=2026-10-05T13:00:00Z`;
    const summary = await session.request({ method: 'GET', url: `/api/v1/cash-drawer/summary?${shift}` });
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toMatchObject({
      payments: [
        { method: 'cash', cents: 750, count: 2 },
        { method: 'card', cents: 300, count: 1 },
        { method: 'check', cents: 200, count: 1 },
        { method: 'online', cents: 0, count: 0 },
        { method: 'credit', cents: 0, count: 0 },
      ],
      paymentsTotalCents: 1250,
      cashRefundsCents: 150,
      expectedCashCents: 600,
    });

    clock.set('2026-10-05T13:05:00Z');
    const body = { servicePointId: desk, from: '2026-10-05T08:00:00Z', to: '2026-10-05T13:00:00Z' };
    const balanced = await post(session, '/api/v1/cash-drawer/counts', { ...body, countedCashCents: 600 });
    expect(balanced.statusCode, balanced.body).toBe(201);
    expect(balanced.json().count).toMatchObject({ expectedCashCents: 600, countedCashCents: 600, discrepancyCents: 0, note: null });

    const short = await post(session, '/api/v1/cash-drawer/counts', { ...body, countedCashCents: 575 });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'note', discrepancyCents: -25 } });
    const explained = await post(session, '/api/v1/cash-drawer/counts', { ...body, countedCashCents: 575, note: 'Change given twice to one patron' });
    expect(explained.statusCode).toBe(201);
    expect(explained.json().count).toMatchObject({ discrepancyCents: -25, note: 'Change given twice to one patron' });

    const counts = (await session.request({ method: 'GET', url: `/api/v1/cash-drawer/counts?servicePointId=${desk}` })).json();
    expect(counts.total).toBe(2);
  });

  it('lets a student worker read the drawer, but keeps other libraries’ desks out', async () => {
    const { library, session } = await freshLibrary('student-worker');
    const other = await freshLibrary();
    const range = 'from=2026-10-05T08:00:00Z&to=2026-10-05T13:00:00Z';
    expect((await session.request({ method: 'GET', url: `/api/v1/cash-drawer/summary?servicePointId=${library.servicePointId}&${range}` })).statusCode).toBe(200);
    const foreign = await session.request({ method: 'GET', url: `/api/v1/cash-drawer/summary?servicePointId=${other.library.servicePointId}&${range}` });
    expect(foreign.json().error.code).toBe('SERVICE_POINT_NOT_FOUND');
  });

  it('reports what was charged, paid, waived, refunded and transferred per owner desk, and waivers by reason and staff member', async () => {
    const { library, session, staffId } = await freshLibrary();
    const db = database().db;
    const desk = library.servicePointId;
    const hardship = (await post(session, '/api/v1/waiver-reasons', { code: 'hardship', name: 'Patron hardship' })).json();
    const patron = await makePatron(db, library.institutionId);
    const before = await chargeFeeAt(db, library.institutionId, patron.id, '2026-08-01T12:00:00Z', 9999, { ownerServicePointId: desk });
    const a = await chargeFeeAt(db, library.institutionId, patron.id, '2026-10-02T12:00:00Z', 1000, { ownerServicePointId: desk });
    const b = await chargeFeeAt(db, library.institutionId, patron.id, '2026-10-02T13:00:00Z', 600, { ownerServicePointId: desk });
    const c = await chargeFeeAt(db, library.institutionId, patron.id, '2026-10-03T12:00:00Z', 400);
    await at('2026-10-04T10:00:00Z', () => post(session, `/api/v1/fees/${a}/pay`, { amountCents: 700, method: 'card' }));
    await at('2026-10-04T11:00:00Z', () => post(session, `/api/v1/fees/${a}/refund`, { amountCents: 200, refundTo: 'patron', note: 'Item found' }));
    await at('2026-10-04T12:00:00Z', () => post(session, `/api/v1/fees/${b}/waive`, { waiverReasonId: hardship.id }));
    await at('2026-10-04T13:00:00Z', () => post(session, `/api/v1/fees/${c}/transfer`, { note: 'To the student account' }));
    // After the period: not in the report.
    clock.set('2026-10-08T01:00:00Z');
    await payFee(testServiceContext(db, clock), feeStaffWithRole(library.institutionId, 'supervisor'), before, { amountCents: 1, method: 'cash' });
    clock.set('2026-10-04T14:00:00Z');

    const reply = await session.request({ method: 'GET', url: '/api/v1/reports/fees?from=2026-10-01T00:00:00Z&to=2026-10-08T00:00:00Z' });
    expect(reply.statusCode, reply.body).toBe(200);
    const report = reply.json();
    expect(report.totals).toMatchObject({ chargedCents: 2000, paidCents: 700, waivedCents: 600, refundedCents: 200, transferredCents: 400 });
    expect(report.byOwner).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ownerServicePointId: desk, chargedCents: 1600, paidCents: 700, waivedCents: 600, refundedCents: 200, transferredCents: 0 }),
        expect.objectContaining({ ownerServicePointId: null, chargedCents: 400, transferredCents: 400 }),
      ]),
    );
    expect(report.waivedByReason).toEqual([{ reasonId: hardship.id, name: 'Patron hardship', cents: 600, count: 1 }]);
    expect(report.waivedByStaff).toEqual([expect.objectContaining({ staffId, cents: 600, count: 1 })]);

    const csv = await session.request({ method: 'GET', url: '/api/v1/reports/fees?from=2026-10-01T00:00:00Z&to=2026-10-08T00:00:00Z&format=csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('owner,chargedCents,paidCents,waivedCents,refundedCents,transferredCents,cancelledCents,adjustedCents');
  });

  it('ages what is still owed by patron group: 0–30, 31–90 and 91+ days', async () => {
    clock.set('2026-10-05T12:00:00Z');
    const { library, session } = await freshLibrary();
    const db = database().db;
    const student = await makePatron(db, library.institutionId);
    const faculty = await makePatron(db, library.institutionId, { group: 'faculty' });
    await chargeFeeAt(db, library.institutionId, student.id, '2026-09-20T12:00:00Z', 100);
    await chargeFeeAt(db, library.institutionId, student.id, '2026-08-01T12:00:00Z', 200);
    const partPaid = await chargeFeeAt(db, library.institutionId, student.id, '2026-05-01T12:00:00Z', 1000);
    await chargeFeeAt(db, library.institutionId, faculty.id, '2026-09-05T12:00:00Z', 50);
    const paidOff = await chargeFeeAt(db, library.institutionId, faculty.id, '2026-09-01T12:00:00Z', 70);
    await post(session, `/api/v1/fees/${partPaid}/pay`, { amountCents: 400, method: 'cash' });
    await post(session, `/api/v1/fees/${paidOff}/pay`, { amountCents: 70, method: 'cash' });

    const reply = await session.request({ method: 'GET', url: '/api/v1/reports/outstanding-balances' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({
      totalCents: 950,
      byPatronGroup: [
        { code: 'faculty', feeCount: 1, totalCents: 50, buckets: { '0-30': 50, '31-90': 0, '91+': 0 } },
        { code: 'student', feeCount: 3, totalCents: 900, buckets: { '0-30': 100, '31-90': 200, '91+': 600 } },
      ],
    });
  });
});

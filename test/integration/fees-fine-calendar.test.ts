import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runFineAccrual } from '../../src/modules/fees/fine-accrual.job.ts';
import { insertCalendarException } from '../../src/modules/org/calendar.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia, makeDesk } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { signInAs, type StaffSession } from '../support/http.ts';

const day = 24 * 3600_000;
// The test institution is in America/Los_Angeles.
const localDate = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(instant);

describeOnBothDatabases('overdue fines follow the lending desk calendar', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
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

  async function setClock(to: Date) {
    clock.set(to);
    desk = await signInAs(app, staff.username, staff.password);
  }

  /** A loan whose first late day the desk is closed for a staff training day. */
  async function lendOverAClosedDay(lentAt: string) {
    await setClock(new Date(lentAt));
    const reader = await makePatron(db(), library.institutionId);
    const { barcodes } = await makeInstance(db(), library, { title: 'The Closed Day' });
    const reply = await checkOutVia(desk, { patronBarcode: reader.barcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(201);
    const dueAt = new Date(reply.json().loan.dueAt as string);
    const closedOn = localDate(new Date(dueAt.getTime() + day - 1));
    await insertCalendarException(db(), library.institutionId, library.servicePointId, { name: 'Staff training day', kind: 'closed', startDate: closedOn, endDate: closedOn });
    return { barcode: barcodes[0]!, loanId: reply.json().loan.id as string, dueAt };
  }

  it('leaves the closed day out of the fine at check-in, and explains it in the library’s time zone', async () => {
    const loan = await lendOverAClosedDay('2026-11-02T17:00:00Z');
    await setClock(new Date(loan.dueAt.getTime() + 3 * day));
    const reply = await checkInVia(desk, { itemBarcode: loan.barcode, servicePointId: library.servicePointId });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().fine.fineCents).toBe(50);
    const explanation = reply.json().fine.explanation as string[];
    expect(explanation[0]).toContain('(America/Los_Angeles)');
    expect(explanation.join(' ')).toContain('1 closed day not counted');
  });

  it('charges at renewal what the accrual job and check-in would: the closed day is not counted', async () => {
    // a week later, so the first test's closed day is not in this loan's late days
    const loan = await lendOverAClosedDay('2026-11-09T17:00:00Z');
    await setClock(new Date(loan.dueAt.getTime() + 3 * day));
    await runFineAccrual(db(), clock, library.institutionId);
    const accrued = await db().selectFrom('fee').select('original_amount_cents').where('loan_id', '=', loan.loanId).executeTakeFirstOrThrow();
    expect(Number(accrued.original_amount_cents)).toBe(50);
    const reply = await desk.request({ method: 'POST', url: `/api/v1/circulation/loans/${loan.loanId}/renew`, payload: {} });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().fine).toMatchObject({ fineCents: 50, forgiven: false });
    const fees = await db().selectFrom('fee').select('id').where('loan_id', '=', loan.loanId).execute();
    expect(fees).toHaveLength(1);
  });
});

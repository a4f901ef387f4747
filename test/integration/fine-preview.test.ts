import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertCalendarException, replaceWeeklyHours } from '../../src/modules/org/calendar.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { weekdaysAndSplitSaturday } from '../support/factories/org.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

// The test institution is in America/Los_Angeles. Sat 7 Nov 2026; the desk is closed on Sundays.
const dueSaturdayNight = '2026-11-07T23:59:00-08:00';
const backTuesdayMorning = '2026-11-10T10:00:00-08:00';
const standardFines = { amountCents: 25, interval: 1, intervalUnit: 'days', maxFineCents: 1000 };

describeOnBothDatabases('overdue fine policy preview', (database) => {
  const clock = fixedClock('2026-11-20T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let otherLibrary: InstitutionFixture;
  let studentWorker: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    otherLibrary = await makeInstitution(database().db);
    await replaceWeeklyHours(database().db, library.institutionId, library.servicePointId, weekdaysAndSplitSaturday);
    await insertCalendarException(database().db, library.institutionId, library.servicePointId, { name: 'Staff training day', kind: 'closed', startDate: '2026-11-09', endDate: '2026-11-09' });
    const account = await makeStaff(database().db, library.institutionId, { roleCode: 'student-worker' });
    studentWorker = await signInAs(app, account.username, account.password);
  });
  afterAll(async () => app.close());

  const preview = (body: Record<string, unknown>) => studentWorker.request({ method: 'POST', url: '/api/v1/fine-policies/preview', payload: body });

  it('shows that a book returned 3 days late at $0.25 a day owes $0.75, step by step', async () => {
    const reply = await preview({ policy: { ...standardFines, countClosedDays: true }, dueAt: dueSaturdayNight, returnedAt: backTuesdayMorning });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({
      fineCents: 75,
      explanation: [
        'Due Sat 7 Nov 2026 23:59, returned Tue 10 Nov 2026 10:00 (America/Los_Angeles).',
        'Closed days are counted.',
        '3 days late (a day late begins as soon as the due time passes).',
        '3 × $0.25 a day = $0.75.',
        'Fine: $0.75.',
      ],
    });
  });

  it("leaves out the desk's closed days when the policy does not count them", async () => {
    const reply = await preview({ policy: standardFines, dueAt: dueSaturdayNight, returnedAt: backTuesdayMorning, servicePointId: library.servicePointId });
    expect(reply.json().fineCents).toBe(25);
    expect(reply.json().explanation).toContain('2 closed days not counted (Sun 8 Nov, Mon 9 Nov): 1 day counted.');
  });

  it("counts an hourly fine in the desk's opening hours only", async () => {
    const laptopFines = { amountCents: 500, interval: 1, intervalUnit: 'hours' };
    const fineFor = async (dueAt: string, returnedAt: string) => (await preview({ policy: laptopFines, dueAt, returnedAt, servicePointId: library.servicePointId })).json();
    // due Tue 19:00, the desk closes at 20:00 and opens at 08:00: back at 08:00 is one hour late, $5.00
    expect((await fineFor('2026-11-10T19:00:00-08:00', '2026-11-11T08:00:00-08:00')).fineCents).toBe(500);
    // back at 09:30: 2.5 open hours, only complete hours charged: $10.00
    const half = await fineFor('2026-11-10T19:00:00-08:00', '2026-11-11T09:30:00-08:00');
    expect(half.fineCents).toBe(1000);
    expect(half.explanation).toContain('12 hours outside opening hours not counted: 2 hours 30 minutes counted.');
    // due Fri 19:00, back Mon 09:00: Fri 1 h, Sat 10–12 and 13–17 (6 h), closed Sunday, Mon 1 h = 8 hours, $40.00
    expect((await fineFor('2026-11-13T19:00:00-08:00', '2026-11-16T09:00:00-08:00')).fineCents).toBe(4000);
  });

  it('says so when no service point was given to find the closed days', async () => {
    const reply = await preview({ policy: standardFines, dueAt: dueSaturdayNight, returnedAt: backTuesdayMorning });
    expect(reply.json().fineCents).toBe(75);
    expect(reply.json().explanation).toContain('No service point calendar was given, so every day is counted.');
  });

  it('applies the recall rate and the replacement cost cap', async () => {
    const reply = await preview({
      policy: { ...standardFines, countClosedDays: true, recall: { amountCents: 500, maxFineCents: 5000 } },
      dueAt: dueSaturdayNight,
      returnedAt: '2026-11-20T10:00:00-08:00',
      replacementCostCents: 3000,
      recalled: true,
    });
    expect(reply.json().fineCents).toBe(3000);
    expect(reply.json().explanation).toContain("Capped at the item's replacement cost, $30.00 (lower than the maximum fine for recalled items, $50.00).");
  });

  it('fills in the defaults of a policy being edited, as saving it would', async () => {
    const reply = await preview({ policy: { amountCents: 100, intervalUnit: 'hours', chargeAt: 'start' }, dueAt: '2026-11-10T14:00:00-08:00', returnedAt: '2026-11-10T15:30:00-08:00' });
    expect(reply.json().fineCents).toBe(200);
  });

  it('refuses a policy in the wrong shape, naming the setting', async () => {
    const reply = await preview({ policy: { amountCents: 25, interval: 'day' }, dueAt: dueSaturdayNight, returnedAt: backTuesdayMorning });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(reply.json().error.details)).toContain('interval');
  });

  it("does not read another institution's service point", async () => {
    const reply = await preview({ policy: standardFines, dueAt: dueSaturdayNight, returnedAt: backTuesdayMorning, servicePointId: otherLibrary.servicePointId });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().error.code).toBe('SERVICE_POINT_NOT_FOUND');
  });

  it('needs a signed-in staff member', async () => {
    const reply = await app.inject({ method: 'POST', url: '/api/v1/fine-policies/preview', payload: { policy: standardFines, dueAt: dueSaturdayNight, returnedAt: backTuesdayMorning } });
    expect(reply.statusCode).toBe(401);
  });
});

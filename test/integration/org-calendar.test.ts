import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { calendarOfServicePoint } from '../../src/modules/org/calendar.service.ts';
import { endOfPreviousOpenDay } from '../../src/modules/org/calendar.policy.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { everyDay, weekdaysAndSplitSaturday } from '../support/factories/org.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('org: service point calendars', (database) => {
  const clock = fixedClock('2026-11-25T20:00:00Z');
  let app: FastifyInstance;
  let college: InstitutionFixture;
  let admin: StaffSession;
  let calendarUrl: string;

  const openAt = async (at: string) => (await admin.request({ method: 'GET', url: `${calendarUrl}/open?at=${at}` })).json();

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    college = await makeInstitution(database().db, { timeZone: 'America/Los_Angeles' });
    const staff = await makeStaff(database().db, college.institutionId, { roleCode: 'administrator' });
    admin = await signInAs(app, staff.username, staff.password);
    calendarUrl = `/api/v1/service-points/${college.servicePointId}/calendar`;
  });
  afterAll(async () => app.close());

  it('saves weekly hours with split Saturday hours and reads them back', async () => {
    const saved = await admin.request({ method: 'PUT', url: `${calendarUrl}/hours`, payload: { hours: weekdaysAndSplitSaturday } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().total).toBe(7);
    const calendar = await admin.request({ method: 'GET', url: calendarUrl });
    expect(calendar.json()).toMatchObject({ servicePointId: college.servicePointId, timeZone: 'America/Los_Angeles', exceptions: [] });
    expect(calendar.json().hours.filter((row: { weekday: number }) => row.weekday === 6)).toMatchObject([
      { opensAt: '10:00', closesAt: '12:00' },
      { opensAt: '13:00', closesAt: '17:00' },
    ]);
  });

  it('closes for Thanksgiving and opens 10:00–16:00 the day after', async () => {
    const closed = await admin.request({
      method: 'POST',
      url: `${calendarUrl}/exceptions`,
      payload: { name: 'Thanksgiving', kind: 'closed', startDate: '2026-11-26', endDate: '2026-11-26' },
    });
    expect(closed.statusCode).toBe(201);
    const special = await admin.request({
      method: 'POST',
      url: `${calendarUrl}/exceptions`,
      payload: { name: 'Day after Thanksgiving', kind: 'special-hours', startDate: '2026-11-27', endDate: '2026-11-27', opensAt: '10:00', closesAt: '16:00' },
    });
    expect(special.json()).toMatchObject({ kind: 'special-hours', opensAt: '10:00', closesAt: '16:00' });

    // Wednesday 12:00 PST: open until 20:00 PST (04:00Z Thursday), next opening Friday 10:00 PST.
    expect(await openAt('2026-11-25T20:00:00Z')).toEqual({
      at: '2026-11-25T20:00:00.000Z',
      open: true,
      currentPeriod: { opensAt: '2026-11-25T16:00:00.000Z', closesAt: '2026-11-26T04:00:00.000Z' },
      closesAt: '2026-11-26T04:00:00.000Z',
      nextOpening: '2026-11-27T18:00:00.000Z',
    });
    expect(await openAt('2026-11-26T19:00:00Z')).toEqual({ at: '2026-11-26T19:00:00.000Z', open: false, nextOpening: '2026-11-27T18:00:00.000Z' });
    expect((await openAt('2026-11-27T23:30:00Z')).closesAt).toBe('2026-11-28T00:00:00.000Z');

    const days = await admin.request({ method: 'GET', url: `${calendarUrl}/days?from=2026-11-25&to=2026-11-29` });
    expect(days.json().days.map((day: { date: string; open: boolean }) => [day.date, day.open])).toEqual([
      ['2026-11-25', true],
      ['2026-11-26', false],
      ['2026-11-27', true],
      ['2026-11-28', true],
      ['2026-11-29', false],
    ]);
    expect(days.json().days[1].exception).toEqual({ name: 'Thanksgiving', kind: 'closed' });
    expect(days.json().days[2].periods).toEqual([
      { opensAt: '2026-11-27T18:00:00.000Z', closesAt: '2026-11-28T00:00:00.000Z', localOpensAt: '10:00', localClosesAt: '16:00' },
    ]);
    expect(days.json().days[3].periods.map((period: { localOpensAt: string }) => period.localOpensAt)).toEqual(['10:00', '13:00']);
  });

  it('gives circulation the calendar: a day loan due on Thanksgiving moves back to Wednesday 20:00', async () => {
    const calendar = await calendarOfServicePoint(database().db, college.institutionId, college.servicePointId);
    expect(endOfPreviousOpenDay(calendar, '2026-11-26')).toEqual(new Date('2026-11-26T04:00:00Z'));
  });

  it('keeps local opening hours across both daylight-saving changes', async () => {
    await admin.request({ method: 'PUT', url: `${calendarUrl}/hours`, payload: { hours: everyDay('08:00', '20:00') } });
    // Spring forward, Sunday 2026-03-08: 08:00 is PDT (UTC-7), so 15:30Z is 08:30 and open.
    expect((await openAt('2026-03-08T15:30:00Z')).open).toBe(true);
    expect((await openAt('2026-03-07T15:30:00Z')).open).toBe(false);
    // Fall back, Sunday 2026-11-01: 08:00 is PST (UTC-8), so 15:30Z is 07:30 and closed.
    expect(await openAt('2026-11-01T15:30:00Z')).toEqual({ at: '2026-11-01T15:30:00.000Z', open: false, nextOpening: '2026-11-01T16:00:00.000Z' });
    expect((await openAt('2026-10-31T15:30:00Z')).open).toBe(true);
    const days = await admin.request({ method: 'GET', url: `${calendarUrl}/days?from=2026-03-07&to=2026-03-08` });
    expect(days.json().days.map((day: { periods: Array<{ opensAt: string }> }) => day.periods[0]?.opensAt)).toEqual([
      '2026-03-07T16:00:00.000Z',
      '2026-03-08T15:00:00.000Z',
    ]);
  });

  it('follows a change of the service point time zone', async () => {
    await admin.request({ method: 'PATCH', url: `/api/v1/service-points/${college.servicePointId}`, payload: { timeZone: 'America/New_York' } });
    expect((await openAt('2026-11-02T13:30:00Z')).open).toBe(true); // 08:30 EST
    await admin.request({ method: 'PATCH', url: `/api/v1/service-points/${college.servicePointId}`, payload: { timeZone: null } });
    expect((await openAt('2026-11-02T13:30:00Z')).open).toBe(false); // 05:30 PST
  });

  it('refuses overlapping periods, a closing time before the opening and badly written times', async () => {
    const overlapping = await admin.request({
      method: 'PUT',
      url: `${calendarUrl}/hours`,
      payload: { hours: [{ weekday: 1, opensAt: '08:00', closesAt: '13:00' }, { weekday: 1, opensAt: '12:00', closesAt: '18:00' }] },
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Monday 08:00–13:00 overlaps 12:00–18:00 on the same day.' });
    const backwards = await admin.request({ method: 'PUT', url: `${calendarUrl}/hours`, payload: { hours: [{ weekday: 2, opensAt: '18:00', closesAt: '08:00' }] } });
    expect(backwards.json().error.message).toContain('the opening time must be before the closing time');
    const sloppy = await admin.request({ method: 'PUT', url: `${calendarUrl}/hours`, payload: { hours: [{ weekday: 2, opensAt: '8am', closesAt: '17:00' }] } });
    expect(sloppy.json().error.code).toBe('VALIDATION_FAILED');
    const noTimes = await admin.request({
      method: 'POST',
      url: `${calendarUrl}/exceptions`,
      payload: { name: 'Finals', kind: 'special-hours', startDate: '2026-12-07', endDate: '2026-12-11' },
    });
    expect(noTimes.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Special hours need an opening and a closing time.' });
    const tooLong = await admin.request({ method: 'GET', url: `${calendarUrl}/days?from=2026-01-01&to=2027-12-31` });
    expect(tooLong.json().error.code).toBe('VALIDATION_FAILED');
    const unchanged = await admin.request({ method: 'GET', url: calendarUrl });
    expect(unchanged.json().hours).toHaveLength(7);
  });

  it('removes a closure, answers 404 for an unknown one, and audits every calendar change', async () => {
    const calendar = await admin.request({ method: 'GET', url: calendarUrl });
    const thanksgiving = calendar.json().exceptions.find((exception: { name: string }) => exception.name === 'Thanksgiving');
    const removed = await admin.request({ method: 'DELETE', url: `${calendarUrl}/exceptions/${thanksgiving.id}` });
    expect(removed.statusCode).toBe(200);
    expect((await openAt('2026-11-26T19:00:00Z')).open).toBe(true);
    const again = await admin.request({ method: 'DELETE', url: `${calendarUrl}/exceptions/${thanksgiving.id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('CALENDAR_EXCEPTION_NOT_FOUND');

    const audit = await admin.request({ method: 'GET', url: '/api/v1/audit-events?limit=100' });
    const actions = audit.json().items.map((event: { action: string }) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['calendar.hours.replace', 'calendar.exception.create', 'calendar.exception.delete']));
    const deletion = audit.json().items.find((event: { action: string }) => event.action === 'calendar.exception.delete');
    expect(deletion.before).toMatchObject({ name: 'Thanksgiving', startDate: '2026-11-26', servicePointId: college.servicePointId });
    const replaced = audit.json().items.filter((event: { action: string }) => event.action === 'calendar.hours.replace');
    expect(replaced.some((event: { before: unknown[]; after: unknown[] }) => event.before.length === 7 && event.after.length === 7)).toBe(true);
  });
});

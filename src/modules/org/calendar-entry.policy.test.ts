import { describe, expect, it } from 'vitest';
import { isTimeZone, problemsWithException, problemsWithWeeklyHours } from './calendar-entry.policy.ts';

describe('checking weekly hours before they are saved', () => {
  it('accepts split hours and a late night to 24:00', () => {
    expect(
      problemsWithWeeklyHours([
        { weekday: 6, opensAt: '10:00', closesAt: '12:00' },
        { weekday: 6, opensAt: '12:00', closesAt: '17:00' },
        { weekday: 4, opensAt: '08:00', closesAt: '24:00' },
      ]),
    ).toEqual([]);
  });

  it.each([
    [{ weekday: 1, opensAt: '8:00', closesAt: '20:00' }, 'HH:MM'],
    [{ weekday: 1, opensAt: '08:00', closesAt: '25:00' }, 'HH:MM'],
    [{ weekday: 1, opensAt: '20:00', closesAt: '08:00' }, 'Monday 20:00–08:00: the opening time must be before the closing time'],
    [{ weekday: 8, opensAt: '08:00', closesAt: '20:00' }, 'not a day of the week'],
  ])('refuses %o', (row, message) => {
    expect(problemsWithWeeklyHours([row]).join(' ')).toContain(message);
  });

  it('refuses two periods of one day that overlap, but not on different days or valid dates', () => {
    expect(problemsWithWeeklyHours([
      { weekday: 2, opensAt: '08:00', closesAt: '13:00' },
      { weekday: 2, opensAt: '12:00', closesAt: '18:00' },
    ])).toEqual(['Tuesday 08:00–13:00 overlaps 12:00–18:00 on the same day.']);
    expect(problemsWithWeeklyHours([
      { weekday: 2, opensAt: '08:00', closesAt: '13:00', validTo: '2026-05-31' },
      { weekday: 2, opensAt: '12:00', closesAt: '18:00', validFrom: '2026-06-01' },
      { weekday: 3, opensAt: '12:00', closesAt: '18:00' },
    ])).toEqual([]);
  });
});

describe('checking closures and special hours', () => {
  it('accepts a closure and special hours', () => {
    expect(problemsWithException({ name: 'Thanksgiving', kind: 'closed', startDate: '2026-11-26', endDate: '2026-11-27' })).toEqual([]);
    expect(problemsWithException({ name: 'Finals', kind: 'special-hours', startDate: '2026-12-07', endDate: '2026-12-11', opensAt: '07:00', closesAt: '24:00' })).toEqual([]);
  });

  it('refuses a range that ends before it starts, an impossible date and special hours without times', () => {
    expect(problemsWithException({ name: 'Oops', kind: 'closed', startDate: '2026-11-27', endDate: '2026-11-26' })).toEqual(['The start date 2026-11-27 is after the end date 2026-11-26.']);
    expect(problemsWithException({ name: 'Oops', kind: 'closed', startDate: '2026-02-30', endDate: '2026-03-01' })[0]).toContain('not a date');
    expect(problemsWithException({ name: 'Oops', kind: 'special-hours', startDate: '2026-11-27', endDate: '2026-11-27' })).toEqual(['Special hours need an opening and a closing time.']);
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('America/Los_Angeles')).toBe(true);
    expect(isTimeZone('Pacific Standard Time')).toBe(false);
  });
});

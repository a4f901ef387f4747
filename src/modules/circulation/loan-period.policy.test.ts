import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import type { ServicePointCalendar } from '../org/index.ts';
import { dayCandidate, describeDuration, describePeriod, fixedDue, rollingDue, type DayLoanDueTime } from './loan-period.policy.ts';
import type { Period } from '../policies/index.ts';

/**
 * Evening desk, Los Angeles: Mon–Thu 08:00–21:00, Fri 08:00–18:00, Sat 10:00–18:00, closed Sunday
 * and for Thanksgiving (Thu 26–Fri 27 Nov 2026). Daylight saving ends Sun 1 Nov 2026 at 02:00, so
 * instants before that are UTC−7 and after it UTC−8. Instants are written in UTC, local time in the case.
 */
const eveningDesk: ServicePointCalendar = {
  timeZone: 'America/Los_Angeles',
  hours: [
    ...[1, 2, 3, 4].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '21:00' })),
    { weekday: 5, opensAt: '08:00', closesAt: '18:00' },
    { weekday: 6, opensAt: '10:00', closesAt: '18:00' },
  ],
  exceptions: [{ name: 'Thanksgiving', kind: 'closed', startDate: '2026-11-26', endDate: '2026-11-27' }],
};

const facultyTerms = {
  FACULTY: { entries: [{ from: '2026-08-15', to: '2026-12-11', due: '2026-12-18' }, { from: '2026-12-12', to: '2027-05-07', due: '2027-05-14' }] },
};

interface RollingCase {
  case: string;
  period: Period;
  from: string;
  dueTime: DayLoanDueTime;
  expected: { kind: 'day'; date: string; at: string } | { kind: 'time'; at: string };
}

const rollingCases: RollingCase[] = [
  {
    case: 'a 21-day loan made Monday 2 Nov 10:00 is due 21 days later (Mon 23 Nov) at the end of the day, 23:59',
    period: { amount: 21, unit: 'days' }, from: '2026-11-02T18:00:00Z', dueTime: 'end-of-day',
    expected: { kind: 'day', date: '2026-11-23', at: '2026-11-24T07:59:00.000Z' },
  },
  {
    case: 'a 3-week loan is the same as a 21-day loan',
    period: { amount: 3, unit: 'weeks' }, from: '2026-11-02T18:00:00Z', dueTime: 'end-of-day',
    expected: { kind: 'day', date: '2026-11-23', at: '2026-11-24T07:59:00.000Z' },
  },
  {
    case: 'a 21-day loan due at closing time is due Mon 23 Nov at 21:00, when the desk closes',
    period: { amount: 21, unit: 'days' }, from: '2026-11-02T18:00:00Z', dueTime: 'closing-time',
    expected: { kind: 'day', date: '2026-11-23', at: '2026-11-24T05:00:00.000Z' },
  },
  {
    case: 'a 4-day loan due at closing time that lands on a Friday is due at Friday\'s 18:00 closing',
    period: { amount: 4, unit: 'days' }, from: '2026-11-02T18:00:00Z', dueTime: 'closing-time',
    expected: { kind: 'day', date: '2026-11-06', at: '2026-11-07T02:00:00.000Z' },
  },
  {
    case: 'a 1-week loan due at closing time that lands on Thanksgiving (closed) keeps 23:59 until the closed-day rule decides',
    period: { amount: 1, unit: 'weeks' }, from: '2026-11-19T18:00:00Z', dueTime: 'closing-time',
    expected: { kind: 'day', date: '2026-11-26', at: '2026-11-27T07:59:00.000Z' },
  },
  {
    case: 'a loan made Monday 23:30 local (already Tuesday in UTC) counts from Monday: a 1-day loan is due Tuesday',
    period: { amount: 1, unit: 'days' }, from: '2026-11-03T07:30:00Z', dueTime: 'end-of-day',
    expected: { kind: 'day', date: '2026-11-03', at: '2026-11-04T07:59:00.000Z' },
  },
  {
    case: 'a 1-day loan made Saturday 31 Oct 12:00 (summer time) is due Sunday 1 Nov at 23:59 winter time',
    period: { amount: 1, unit: 'days' }, from: '2026-10-31T19:00:00Z', dueTime: 'end-of-day',
    expected: { kind: 'day', date: '2026-11-01', at: '2026-11-02T07:59:00.000Z' },
  },
  {
    case: 'a 4-hour loan at Monday 19:00 with closing at 21:00 is due at 23:00: hours are exact, closing is left to the closed-time rule',
    period: { amount: 4, unit: 'hours' }, from: '2026-11-03T03:00:00Z', dueTime: 'end-of-day',
    expected: { kind: 'time', at: '2026-11-03T07:00:00.000Z' },
  },
  {
    case: 'a 90-minute loan at Monday 10:00 is due at 11:30',
    period: { amount: 90, unit: 'minutes' }, from: '2026-11-02T18:00:00Z', dueTime: 'closing-time',
    expected: { kind: 'time', at: '2026-11-02T19:30:00.000Z' },
  },
  {
    case: 'a 24-hour loan at Saturday 31 Oct 12:00 keeps its 24 hours across the clock change: due Sunday 11:00 winter time',
    period: { amount: 24, unit: 'hours' }, from: '2026-10-31T19:00:00Z', dueTime: 'end-of-day',
    expected: { kind: 'time', at: '2026-11-01T19:00:00.000Z' },
  },
];

describe('rolling loan periods', () => {
  it.each(rollingCases)('$case', ({ period, from, dueTime, expected }) => {
    const due = rollingDue('Loan period', period, new Date(from), eveningDesk, dueTime, []);
    expect({ ...due, at: due.at.toISOString() }).toEqual(expected);
  });

  it('explains a day loan to the desk in local dates', () => {
    const steps: string[] = [];
    rollingDue('Loan period', { amount: 21, unit: 'days' }, new Date('2026-11-02T18:00:00Z'), eveningDesk, 'end-of-day', steps);
    expect(steps).toEqual(['Loan period 21 days from Mon 2 Nov 2026 → Mon 23 Nov 2026, due at the end of the library day (23:59).']);
  });

  it('explains an hour loan to the desk in local times', () => {
    const steps: string[] = [];
    rollingDue('Loan period', { amount: 1, unit: 'hours' }, new Date('2026-11-03T03:00:00Z'), eveningDesk, 'closing-time', steps);
    expect(steps).toEqual(['Loan period 1 hour from Mon 2 Nov 2026 at 19:00 → Mon 2 Nov 2026 at 20:00.']);
  });
});

describe('fixed due date schedules', () => {
  it.each([
    ['a loan made Tue 1 Sep 2026 falls in the autumn term: due Fri 18 Dec at 23:59', '2026-09-01T17:00:00Z', 'end-of-day', '2026-12-18', '2026-12-19T07:59:00.000Z'],
    ['a loan made on the term\'s last lending day (Fri 11 Dec, local) still belongs to it', '2026-12-12T07:00:00Z', 'end-of-day', '2026-12-18', '2026-12-19T07:59:00.000Z'],
    ['a loan made Sat 12 Dec falls in the spring term: due Fri 14 May 2027', '2026-12-12T18:00:00Z', 'end-of-day', '2027-05-14', '2027-05-15T06:59:00.000Z'],
    ['due at closing time: Fri 18 Dec closes at 18:00', '2026-09-01T17:00:00Z', 'closing-time', '2026-12-18', '2026-12-19T02:00:00.000Z'],
  ] as const)('%s', (_case, on, dueTime, date, at) => {
    const steps: string[] = [];
    const due = fixedDue('FACULTY', facultyTerms, new Date(on), eveningDesk, dueTime, steps);
    expect({ ...due, at: due.at.toISOString() }).toEqual({ kind: 'day', date, at });
    expect(steps).toHaveLength(1);
  });

  it('names the term in its explanation', () => {
    const steps: string[] = [];
    fixedDue('FACULTY', facultyTerms, new Date('2026-09-01T17:00:00Z'), eveningDesk, 'end-of-day', steps);
    expect(steps).toEqual(['Fixed due date schedule FACULTY: loans made Sat 15 Aug 2026 to Fri 11 Dec 2026 are due Fri 18 Dec 2026, at the end of the library day (23:59).']);
  });

  it('refuses a loan made on a date no term covers, naming the schedule and the date', () => {
    const loan = () => fixedDue('FACULTY', facultyTerms, new Date('2027-06-01T17:00:00Z'), eveningDesk, 'end-of-day', []);
    expect(loan).toThrow(DomainError);
    expect(loan).toThrow('The fixed due date schedule FACULTY has no entry covering 2027-06-01.');
    const thrown = (() => {
      try {
        loan();
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toMatchObject({ code: 'NO_FIXED_DUE_DATE', details: { scheduleCode: 'FACULTY', date: '2027-06-01' } });
  });

  it('refuses a loan under a schedule that does not exist', () => {
    expect(() => fixedDue('SUMMER', facultyTerms, new Date('2026-09-01T17:00:00Z'), eveningDesk, 'end-of-day', [])).toThrow(
      'The fixed due date schedule SUMMER does not exist.',
    );
  });
});

describe('a day loan due on a given date', () => {
  it.each([
    ['end of day on an open Monday is 23:59', '2026-11-23', 'end-of-day', '2026-11-24T07:59:00.000Z'],
    ['closing time on an open Monday is 21:00', '2026-11-23', 'closing-time', '2026-11-24T05:00:00.000Z'],
    ['closing time on a Sunday (closed) stands in as 23:59', '2026-11-29', 'closing-time', '2026-11-30T07:59:00.000Z'],
  ] as const)('%s', (_case, date, dueTime, at) => {
    expect(dayCandidate(eveningDesk, date, dueTime).at.toISOString()).toBe(at);
  });
});

describe('how periods and durations read at the desk', () => {
  it.each([
    [{ amount: 1, unit: 'hours' }, '1 hour'],
    [{ amount: 4, unit: 'hours' }, '4 hours'],
    [{ amount: 1, unit: 'weeks' }, '1 week'],
    [{ amount: 21, unit: 'days' }, '21 days'],
  ] as const)('%o reads "%s"', (period, text) => expect(describePeriod(period)).toBe(text));

  it.each([
    [45 * 60_000, '45 min'],
    [2 * 3_600_000, '2 h'],
    [90 * 60_000, '1 h 30 min'],
    [29_000, '0 min'],
  ])('%i ms reads "%s"', (milliseconds, text) => expect(describeDuration(milliseconds)).toBe(text));
});

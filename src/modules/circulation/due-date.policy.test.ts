import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ServicePointCalendar } from '../org/index.ts';
import { dueDateForLoan, dueDateForRecall, dueDateForRenewal, type DueDateContext } from './due-date.policy.ts';
import { loanPolicySettingsSchema, type LoanPolicySettings } from '../policies/index.ts';

/**
 * Main Library circulation desk, Los Angeles: Mon–Thu 08:00–22:00, Fri 08:00–18:00,
 * Sat 10:00–18:00, Sun 12:00–22:00; closed for a reading weekend (Sat 21–Sun 22 Nov 2026)
 * and for Thanksgiving (Thu 26–Fri 27 Nov 2026).
 */
const mainLibrary: ServicePointCalendar = {
  timeZone: 'America/Los_Angeles',
  hours: [
    ...[1, 2, 3, 4].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '22:00' })),
    { weekday: 5, opensAt: '08:00', closesAt: '18:00' },
    { weekday: 6, opensAt: '10:00', closesAt: '18:00' },
    { weekday: 7, opensAt: '12:00', closesAt: '22:00' },
  ],
  exceptions: [
    { name: 'Reading weekend', kind: 'closed', startDate: '2026-11-21', endDate: '2026-11-22' },
    { name: 'Thanksgiving', kind: 'closed', startDate: '2026-11-26', endDate: '2026-11-27' },
  ],
};

/** A service point with no hours at all (a desk set up but never staffed). */
const neverOpen: ServicePointCalendar = { timeZone: 'America/Los_Angeles', hours: [], exceptions: [] };

const facultyTerms = {
  FACULTY: {
    entries: [
      { from: '2026-08-15', to: '2026-12-11', due: '2026-12-18' },
      { from: '2026-12-12', to: '2027-05-07', due: '2027-05-14' },
    ],
  },
};

/** Local wall time at the Main Library, 'YYYY-MM-DD HH:mm', to an instant. */
const local = (wallTime: string, calendar = mainLibrary): Date =>
  DateTime.fromFormat(wallTime, 'yyyy-MM-dd HH:mm', { zone: calendar.timeZone }).toJSDate();
const localOf = (instant: Date, calendar = mainLibrary): string =>
  DateTime.fromJSDate(instant, { zone: calendar.timeZone }).toFormat('yyyy-MM-dd HH:mm');

const threeWeeks = { kind: 'rolling', period: { amount: 3, unit: 'weeks' } } as const;
const hours = (amount: number) => ({ kind: 'rolling', period: { amount, unit: 'hours' } }) as const;
const policy = (settings: Record<string, unknown>): LoanPolicySettings => loanPolicySettingsSchema.parse(settings);
const context = (overrides: Partial<DueDateContext & { itemHasRequests: boolean }> = {}) => ({
  calendar: mainLibrary,
  patronExpiresOn: null,
  fixedSchedules: facultyTerms,
  itemHasRequests: false,
  ...overrides,
});

interface LoanCase {
  case: string;
  settings: Record<string, unknown>;
  loanedAt: string;
  expiresOn?: string;
  requests?: boolean;
  due: string;
}

describe('due dates of new loans at the Main Library', () => {
  it.each<LoanCase>([
    // A 3-week loan from Sat 31 Oct falls on Sat 21 Nov, the closed reading weekend.
    { case: '3-week loan ending on the closed reading weekend, rule keep: due that Saturday', settings: { loanPeriod: threeWeeks, closedDayRule: 'keep' }, loanedAt: '2026-10-31 14:00', due: '2026-11-21 23:59' },
    { case: '… rule end of previous open day: due Friday before', settings: { loanPeriod: threeWeeks, closedDayRule: 'end-of-previous-open-day' }, loanedAt: '2026-10-31 14:00', due: '2026-11-20 23:59' },
    { case: '… rule end of next open day: due the Monday after', settings: { loanPeriod: threeWeeks, closedDayRule: 'end-of-next-open-day' }, loanedAt: '2026-10-31 14:00', due: '2026-11-23 23:59' },
    { case: '… hourly rule closing time, on a day loan: as end of previous open day', settings: { loanPeriod: threeWeeks, closedDayRule: 'closing-time' }, loanedAt: '2026-10-31 14:00', due: '2026-11-20 23:59' },
    { case: '… hourly rule next opening plus remainder, on a day loan: as end of next open day', settings: { loanPeriod: threeWeeks, closedDayRule: 'next-opening-plus-remainder' }, loanedAt: '2026-10-31 14:00', due: '2026-11-23 23:59' },
    { case: '… due at closing time, previous open day: Friday 18:00', settings: { loanPeriod: threeWeeks, closedDayRule: 'end-of-previous-open-day', dayLoanDueTime: 'closing-time' }, loanedAt: '2026-10-31 14:00', due: '2026-11-20 18:00' },
    { case: '… due at closing time, next open day: Monday 22:00', settings: { loanPeriod: threeWeeks, closedDayRule: 'end-of-next-open-day', dayLoanDueTime: 'closing-time' }, loanedAt: '2026-10-31 14:00', due: '2026-11-23 22:00' },
    { case: '… due at closing time, rule keep: the closed Saturday at 23:59', settings: { loanPeriod: threeWeeks, closedDayRule: 'keep', dayLoanDueTime: 'closing-time' }, loanedAt: '2026-10-31 14:00', due: '2026-11-21 23:59' },
    { case: '3-week loan due on Thanksgiving (closed Thu–Fri): due Saturday at closing', settings: { loanPeriod: threeWeeks, dayLoanDueTime: 'closing-time' }, loanedAt: '2026-11-05 10:00', due: '2026-11-28 18:00' },
    { case: '1-day self-check loan on closed Sat 21 Nov, rule previous open day: Fri 20 Nov is before the loan, so Monday', settings: { loanPeriod: { kind: 'rolling', period: { amount: 1, unit: 'days' } }, closedDayRule: 'end-of-previous-open-day' }, loanedAt: '2026-11-21 11:00', due: '2026-11-23 23:59' },
    { case: '3-week loan due on an ordinary open Monday: due that Monday at 23:59', settings: { loanPeriod: threeWeeks }, loanedAt: '2026-11-02 10:00', due: '2026-11-23 23:59' },
    // Hourly reserve loans near closing (Friday closes at 18:00, Saturday opens at 10:00).
    { case: '4-hour reserve loan one hour before Friday closing, rule closing time: due at closing', settings: { loanPeriod: hours(4), closedDayRule: 'closing-time' }, loanedAt: '2026-11-06 17:00', due: '2026-11-06 18:00' },
    { case: '… rule next opening plus remainder: Saturday opening + 3 h', settings: { loanPeriod: hours(4), closedDayRule: 'next-opening-plus-remainder' }, loanedAt: '2026-11-06 17:00', due: '2026-11-07 13:00' },
    { case: '… rule keep: due at 21:00 though closed', settings: { loanPeriod: hours(4), closedDayRule: 'keep' }, loanedAt: '2026-11-06 17:00', due: '2026-11-06 21:00' },
    { case: '… rule end of previous open day: back to closing', settings: { loanPeriod: hours(4), closedDayRule: 'end-of-previous-open-day' }, loanedAt: '2026-11-06 17:00', due: '2026-11-06 18:00' },
    { case: '… rule end of next open day: Saturday closing', settings: { loanPeriod: hours(4), closedDayRule: 'end-of-next-open-day' }, loanedAt: '2026-11-06 17:00', due: '2026-11-07 18:00' },
    { case: '4-hour loan ending exactly at Friday closing: in time, not moved', settings: { loanPeriod: hours(4), closedDayRule: 'next-opening-plus-remainder' }, loanedAt: '2026-11-06 14:00', due: '2026-11-06 18:00' },
    { case: '12-hour loan at Friday 16:00, remainder plus: 8 h of Saturday, 2 h into Sunday', settings: { loanPeriod: hours(12), closedDayRule: 'next-opening-plus-remainder' }, loanedAt: '2026-11-06 16:00', due: '2026-11-08 14:00' },
    { case: '2-hour loan well inside opening hours: exactly two hours later', settings: { loanPeriod: hours(2), closedDayRule: 'closing-time' }, loanedAt: '2026-11-03 10:15', due: '2026-11-03 12:15' },
    { case: '90-minute loan: exactly ninety minutes later', settings: { loanPeriod: { kind: 'rolling', period: { amount: 90, unit: 'minutes' } } }, loanedAt: '2026-11-03 10:15', due: '2026-11-03 11:45' },
    // Fixed due date schedule: faculty loans are due at term end.
    { case: 'faculty loan in the fall term: due at term end, Fri 18 Dec 2026', settings: { loanPeriod: { kind: 'fixed', scheduleCode: 'FACULTY' } }, loanedAt: '2026-09-14 11:00', due: '2026-12-18 23:59' },
    { case: 'faculty loan after the fall cut-off: due at the end of spring term', settings: { loanPeriod: { kind: 'fixed', scheduleCode: 'FACULTY' } }, loanedAt: '2026-12-14 11:00', due: '2027-05-14 23:59' },
    // Patron expiry.
    { case: '3-week loan, card expires Sun 22 Nov (closed): due end of Fri 20 Nov', settings: { loanPeriod: threeWeeks }, loanedAt: '2026-11-02 10:00', expiresOn: '2026-11-22', due: '2026-11-20 23:59' },
    { case: '3-week loan, card expires Wed 18 Nov (open), due at closing time: Wed 18 Nov 22:00', settings: { loanPeriod: threeWeeks, dayLoanDueTime: 'closing-time' }, loanedAt: '2026-11-02 10:00', expiresOn: '2026-11-18', due: '2026-11-18 22:00' },
    { case: '3-week loan, card good until after the due date: not moved', settings: { loanPeriod: threeWeeks }, loanedAt: '2026-11-02 10:00', expiresOn: '2026-11-23', due: '2026-11-23 23:59' },
    { case: '24-hour loan, card expires today: due at today’s closing', settings: { loanPeriod: hours(24), closedDayRule: 'keep' }, loanedAt: '2026-11-19 10:00', expiresOn: '2026-11-19', due: '2026-11-19 22:00' },
    // An expired card the desk overrode: the cap would fall before the loan began, so the ordinary due date stands.
    { case: '3-week loan, card expired Sat 31 Oct (overridden): not pulled back, due Mon 23 Nov', settings: { loanPeriod: threeWeeks }, loanedAt: '2026-11-02 10:00', expiresOn: '2026-10-31', due: '2026-11-23 23:59' },
    { case: '4-hour loan, card expired yesterday (overridden): not pulled back, due 4 hours later', settings: { loanPeriod: hours(4) }, loanedAt: '2026-11-19 10:00', expiresOn: '2026-11-18', due: '2026-11-19 14:00' },
    { case: '4-hour loan at 21:30, card expires today: due at closing, 22:00, still after the loan began', settings: { loanPeriod: hours(4), closedDayRule: 'keep' }, loanedAt: '2026-11-19 21:30', expiresOn: '2026-11-19', due: '2026-11-19 22:00' },
    { case: '4-hour loan at 22:30 after closing (offline), card expires today: closing has passed, not pulled back', settings: { loanPeriod: hours(4), closedDayRule: 'keep' }, loanedAt: '2026-11-19 22:30', expiresOn: '2026-11-19', due: '2026-11-20 02:30' },
    // Alternate loan period when the item is requested.
    { case: '3-week policy, item requested by someone else: 1-week alternate period', settings: { loanPeriod: threeWeeks, holds: { alternateLoanPeriod: { amount: 1, unit: 'weeks' } } }, loanedAt: '2026-11-02 10:00', requests: true, due: '2026-11-09 23:59' },
    { case: '3-week policy with an alternate period, no requests: the full 3 weeks', settings: { loanPeriod: threeWeeks, holds: { alternateLoanPeriod: { amount: 1, unit: 'weeks' } } }, loanedAt: '2026-11-02 10:00', requests: false, due: '2026-11-23 23:59' },
    // Daylight saving in Los Angeles.
    { case: '7-day loan from Thu 29 Oct (PDT) across fall back: due Thu 5 Nov 23:59 PST', settings: { loanPeriod: { kind: 'rolling', period: { amount: 7, unit: 'days' } } }, loanedAt: '2026-10-29 10:00', due: '2026-11-05 23:59' },
    { case: '24-hour loan across spring forward: 24 real hours, so 13:00 PDT the next day', settings: { loanPeriod: hours(24) }, loanedAt: '2026-03-07 12:00', due: '2026-03-08 13:00' },
  ])('$case → $due', (row) => {
    const result = dueDateForLoan(policy(row.settings), local(row.loanedAt), context({ patronExpiresOn: row.expiresOn ?? null, itemHasRequests: row.requests ?? false }));
    expect(localOf(result.dueAt)).toBe(row.due);
    expect(result.explanation.at(-1)).toMatch(/^Due /);
  });

  it('puts the daylight-saving cases at the right instants', () => {
    const week = dueDateForLoan(policy({ loanPeriod: { kind: 'rolling', period: { amount: 7, unit: 'days' } } }), local('2026-10-29 10:00'), context());
    expect(week.dueAt.toISOString()).toBe('2026-11-06T07:59:00.000Z');
    const day = dueDateForLoan(policy({ loanPeriod: hours(24) }), new Date('2026-03-07T20:00:00Z'), context());
    expect(day.dueAt.toISOString()).toBe('2026-03-08T20:00:00.000Z');
  });

  it('explains a weekend closure in plain words', () => {
    const { explanation } = dueDateForLoan(policy({ loanPeriod: threeWeeks, closedDayRule: 'end-of-next-open-day' }), local('2026-10-31 14:00'), context());
    expect(explanation).toEqual([
      'Loan period 3 weeks from Sat 31 Oct 2026 → Sat 21 Nov 2026, due at the end of the library day (23:59).',
      'Sat 21 Nov 2026 is a closure (Reading weekend): moved to the end of the next open day, Mon 23 Nov 2026 at 23:59.',
      'Due Mon 23 Nov 2026 at 23:59.',
    ]);
  });

  it('explains an hourly loan carried into the next opening', () => {
    const { explanation } = dueDateForLoan(policy({ loanPeriod: hours(4), closedDayRule: 'next-opening-plus-remainder' }), local('2026-11-06 17:00'), context());
    expect(explanation).toEqual([
      'Loan period 4 hours from Fri 6 Nov 2026 at 17:00 → Fri 6 Nov 2026 at 21:00.',
      'Fri 6 Nov 2026 at 21:00 is outside opening hours: the 3 h past closing carry into the next opening hours, to Sat 7 Nov 2026 at 13:00.',
      'Due Sat 7 Nov 2026 at 13:00.',
    ]);
  });

  it('explains the patron expiry move', () => {
    const { explanation } = dueDateForLoan(policy({ loanPeriod: threeWeeks }), local('2026-11-02 10:00'), context({ patronExpiresOn: '2026-11-22' }));
    expect(explanation).toContain(
      "The patron's card expires on Sun 22 Nov 2026, before the due date: moved back to the end of the last open day on or before it, Fri 20 Nov 2026 at 23:59.",
    );
  });

  it('refuses a faculty loan on a date the schedule does not cover, so the desk can report it', () => {
    const facultyPolicy = policy({ loanPeriod: { kind: 'fixed', scheduleCode: 'FACULTY' } });
    expect(() => dueDateForLoan(facultyPolicy, local('2026-08-01 10:00'), context())).toThrow(expect.objectContaining({ code: 'NO_FIXED_DUE_DATE', details: { scheduleCode: 'FACULTY', date: '2026-08-01' } }));
    const missingSchedule = policy({ loanPeriod: { kind: 'fixed', scheduleCode: 'SUMMER' } });
    expect(() => dueDateForLoan(missingSchedule, local('2026-09-14 10:00'), context())).toThrow(expect.objectContaining({ code: 'NO_FIXED_DUE_DATE' }));
  });
});

describe('a service point that is never open', () => {
  it.each([
    { case: '3-week loan, rule end of next open day: the unmoved date', settings: { loanPeriod: threeWeeks, closedDayRule: 'end-of-next-open-day' }, due: '2026-11-23 23:59' },
    { case: '3-week loan, rule end of previous open day: the unmoved date', settings: { loanPeriod: threeWeeks, closedDayRule: 'end-of-previous-open-day' }, due: '2026-11-23 23:59' },
    { case: '4-hour loan, rule closing time: the unmoved time', settings: { loanPeriod: hours(4), closedDayRule: 'closing-time' }, due: '2026-11-02 14:00' },
    { case: '4-hour loan, rule next opening plus remainder: the unmoved time', settings: { loanPeriod: hours(4), closedDayRule: 'next-opening-plus-remainder' }, due: '2026-11-02 14:00' },
    { case: '4-hour loan, rule end of next open day: the unmoved time', settings: { loanPeriod: hours(4), closedDayRule: 'end-of-next-open-day' }, due: '2026-11-02 14:00' },
  ])('$case → $due', (row) => {
    const result = dueDateForLoan(policy(row.settings), local('2026-11-02 10:00', neverOpen), context({ calendar: neverOpen }));
    expect(localOf(result.dueAt, neverOpen)).toBe(row.due);
    expect(result.explanation.join(' ')).toMatch(/no (open day|opening) was found|has not closed/);
  });

  it('still stops a loan at the end of the patron’s expiry date', () => {
    const result = dueDateForLoan(policy({ loanPeriod: threeWeeks }), local('2026-11-02 10:00', neverOpen), context({ calendar: neverOpen, patronExpiresOn: '2026-11-10' }));
    expect(localOf(result.dueAt, neverOpen)).toBe('2026-11-10 23:59');
  });
});

describe('due dates of renewals', () => {
  // Loaned Mon 2 Nov for 3 weeks, due Mon 23 Nov 23:59; renewed Wed 18 Nov at noon.
  const currentDue = local('2026-11-23 23:59');
  it.each([
    { case: 'renew from the due date: 3 more weeks after Mon 23 Nov', settings: { loanPeriod: threeWeeks, renewals: { renewFrom: 'due-date' } }, renewedAt: '2026-11-18 12:00', due: '2026-12-14 23:59' },
    { case: 'renew from today: 3 weeks from Wed 18 Nov', settings: { loanPeriod: threeWeeks, renewals: { renewFrom: 'today' } }, renewedAt: '2026-11-18 12:00', due: '2026-12-09 23:59' },
    { case: 'renewal period of 2 weeks from the due date', settings: { loanPeriod: threeWeeks, renewals: { period: { amount: 2, unit: 'weeks' } } }, renewedAt: '2026-11-18 12:00', due: '2026-12-07 23:59' },
    { case: 'renew from today for 1 week, early on Wed 4 Nov: never shortens, stays Mon 23 Nov', settings: { loanPeriod: threeWeeks, renewals: { renewFrom: 'today', period: { amount: 1, unit: 'weeks' } } }, renewedAt: '2026-11-04 12:00', due: '2026-11-23 23:59' },
    { case: 'renew from today for 6 days on Sun 15 Nov: lands on the closed reading weekend, next open day', settings: { loanPeriod: threeWeeks, renewals: { renewFrom: 'today', period: { amount: 6, unit: 'days' } } }, renewedAt: '2026-11-15 13:00', due: '2026-11-23 23:59' },
    { case: 'renew from the due date, card expires Fri 4 Dec: back to Fri 4 Dec', settings: { loanPeriod: threeWeeks }, renewedAt: '2026-11-18 12:00', expiresOn: '2026-12-04', due: '2026-12-04 23:59' },
    // Overdue loans count the new period from the renewal: due 23 Nov + 3 weeks would be the past 14 Dec.
    { case: 'renew from the due date, 3 weeks overdue on Wed 16 Dec: 3 weeks from the renewal, never the past 14 Dec', settings: { loanPeriod: threeWeeks, renewals: { renewFrom: 'due-date' } }, renewedAt: '2026-12-16 12:00', due: '2027-01-06 23:59' },
    { case: 'renew from the due date, 9 days overdue on Wed 2 Dec: 3 weeks from the renewal, not 12 days', settings: { loanPeriod: threeWeeks, renewals: { renewFrom: 'due-date' } }, renewedAt: '2026-12-02 12:00', due: '2026-12-23 23:59' },
    { case: 'renew from today, overdue: 3 weeks from the renewal as always', settings: { loanPeriod: threeWeeks, renewals: { renewFrom: 'today' } }, renewedAt: '2026-12-16 12:00', due: '2027-01-06 23:59' },
    { case: 'renew an overdue loan, card expired Mon 30 Nov (overridden): not pulled back into the past', settings: { loanPeriod: threeWeeks }, renewedAt: '2026-12-02 12:00', expiresOn: '2026-11-30', due: '2026-12-23 23:59' },
  ])('$case → $due', (row) => {
    const result = dueDateForRenewal(policy(row.settings), currentDue, local(row.renewedAt), context({ patronExpiresOn: row.expiresOn ?? null }));
    expect(localOf(result.dueAt)).toBe(row.due);
  });

  it('says when a renewal would have shortened the loan', () => {
    const result = dueDateForRenewal(policy({ loanPeriod: threeWeeks, renewals: { renewFrom: 'today', period: { amount: 1, unit: 'weeks' } } }), currentDue, local('2026-11-04 12:00'), context());
    expect(result.explanation).toContain('That is earlier than the current due date, Mon 23 Nov 2026 at 23:59: a renewal never shortens a loan, so the due date stays.');
  });

  it('says why an overdue loan renewed from its due date counts from the renewal', () => {
    const result = dueDateForRenewal(policy({ loanPeriod: threeWeeks }), currentDue, local('2026-12-16 12:00'), context());
    expect(result.explanation[0]).toBe('Renewed on Wed 16 Dec 2026 at 12:00, counting from the renewal, as the loan is overdue.');
  });

  it('renews a faculty loan to the schedule entry for the day of the renewal', () => {
    const result = dueDateForRenewal(policy({ loanPeriod: { kind: 'fixed', scheduleCode: 'FACULTY' } }), local('2026-12-18 23:59'), local('2026-12-15 09:00'), context());
    expect(localOf(result.dueAt)).toBe('2027-05-14 23:59');
  });
});

describe('due dates after a recall', () => {
  // Loaned Mon 2 Nov for 3 weeks, due Mon 23 Nov 23:59; guaranteed 2 weeks, 3 days to return once recalled.
  const loanedAt = local('2026-11-02 10:00');
  const currentDue = local('2026-11-23 23:59');
  const recallPolicy = (closedDayRule = 'end-of-next-open-day') =>
    policy({ loanPeriod: threeWeeks, closedDayRule, recalls: { minimumGuaranteedPeriod: { amount: 2, unit: 'weeks' }, returnInterval: { amount: 3, unit: 'days' } } });
  it.each([
    { case: 'recalled Wed 4 Nov: the 2-week guarantee wins, Mon 16 Nov', settings: recallPolicy(), recalledAt: '2026-11-04 09:00', due: '2026-11-16 23:59' },
    { case: 'recalled Fri 13 Nov: 3 days to return, Mon 16 Nov equals the guarantee', settings: recallPolicy(), recalledAt: '2026-11-13 09:00', due: '2026-11-16 23:59' },
    { case: 'recalled Tue 17 Nov: 3 days to return, Fri 20 Nov', settings: recallPolicy(), recalledAt: '2026-11-17 09:00', due: '2026-11-20 23:59' },
    { case: 'recalled Wed 18 Nov: Sat 21 Nov is closed, previous open day Fri 20 Nov', settings: recallPolicy('end-of-previous-open-day'), recalledAt: '2026-11-18 09:00', due: '2026-11-20 23:59' },
    { case: 'recalled Thu 19 Nov: Sun 22 Nov is closed, next open day Mon 23 Nov', settings: recallPolicy(), recalledAt: '2026-11-19 09:00', due: '2026-11-23 23:59' },
    { case: 'recalled Sat 21 Nov: 3 days would pass the due date; never extends, stays Mon 23 Nov', settings: recallPolicy(), recalledAt: '2026-11-21 09:00', due: '2026-11-23 23:59' },
    { case: 'policy without recall periods: unchanged', settings: policy({ loanPeriod: threeWeeks }), recalledAt: '2026-11-04 09:00', due: '2026-11-23 23:59' },
  ])('$case → $due', (row) => {
    const result = dueDateForRecall(row.settings, loanedAt, currentDue, local(row.recalledAt), context());
    expect(localOf(result.dueAt)).toBe(row.due);
  });

  it('explains which recall period decided', () => {
    const { explanation } = dueDateForRecall(recallPolicy(), loanedAt, currentDue, local('2026-11-04 09:00'), context());
    expect(explanation).toEqual([
      'Minimum guaranteed loan period 2 weeks from Mon 2 Nov 2026 → Mon 16 Nov 2026, due at the end of the library day (23:59).',
      'Recall return interval 3 days from Wed 4 Nov 2026 → Sat 7 Nov 2026, due at the end of the library day (23:59).',
      'The later of the two applies: Mon 16 Nov 2026 at 23:59.',
      'Due Mon 16 Nov 2026 at 23:59.',
    ]);
  });
});

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { overdueFinePolicySettingsSchema, type OverdueFinePolicySettings } from '../policies/index.ts';
import type { ServicePointCalendar } from '../org/index.ts';
import { calculateOverdueFine, fineOnRenewal } from './overdue-fine.policy.ts';

const zone = 'America/New_York';
/** A local time at the library, e.g. 'Mon 2 Mar 2026 23:59'. US daylight saving begins Sun 8 Mar 2026. */
function at(local: string): Date {
  return DateTime.fromFormat(local, 'ccc d LLL yyyy HH:mm', { zone }).toJSDate();
}

/** Open Monday to Saturday 08:00–22:00, closed Sundays, and closed for spring break Mon 9 – Tue 10 Mar 2026. */
const mainDesk: ServicePointCalendar = {
  timeZone: zone,
  hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '22:00' })),
  exceptions: [{ name: 'Spring break', kind: 'closed', startDate: '2026-03-09', endDate: '2026-03-10' }],
};

const standardFines = { amountCents: 25, interval: 1, intervalUnit: 'days', maxFineCents: 1000 } as const;
const hourlyFines = { amountCents: 100, interval: 1, intervalUnit: 'hours' } as const;
const laptopFines = { amountCents: 500, interval: 1, intervalUnit: 'hours' } as const;
const weeklyFines = { amountCents: 100, interval: 7, intervalUnit: 'days', countClosedDays: true } as const;

function policy(settings: Partial<OverdueFinePolicySettings>): OverdueFinePolicySettings {
  return overdueFinePolicySettingsSchema.parse(settings);
}

interface FineCase {
  case: string;
  policy: Partial<OverdueFinePolicySettings>;
  due: string;
  returned: string;
  replacementCostCents?: number;
  recalled?: boolean;
  calendar?: ServicePointCalendar;
  fine: number;
}

const cases: FineCase[] = [
  // daily rates
  { case: 'returned before the due time', policy: standardFines, due: 'Mon 2 Mar 2026 23:59', returned: 'Mon 2 Mar 2026 15:00', fine: 0 },
  { case: 'returned a minute late: a day late', policy: standardFines, due: 'Mon 2 Mar 2026 23:59', returned: 'Tue 3 Mar 2026 00:00', fine: 25 },
  { case: 'returned 3 days late at $0.25 a day', policy: standardFines, due: 'Mon 2 Mar 2026 23:59', returned: 'Thu 5 Mar 2026 10:00', fine: 75 },
  { case: 'returned 3 days late, charged at the start of each day', policy: { ...standardFines, chargeAt: 'start' }, due: 'Mon 2 Mar 2026 23:59', returned: 'Thu 5 Mar 2026 10:00', fine: 75 },
  { case: 'a policy that charges nothing', policy: { amountCents: 0 }, due: 'Mon 2 Mar 2026 23:59', returned: 'Thu 5 Mar 2026 10:00', fine: 0 },
  // hourly rates
  { case: '$1 an hour, 90 minutes late, complete hours only', policy: hourlyFines, due: 'Mon 2 Mar 2026 14:00', returned: 'Mon 2 Mar 2026 15:30', fine: 100 },
  { case: '$1 an hour, 90 minutes late, each hour begun', policy: { ...hourlyFines, chargeAt: 'start' }, due: 'Mon 2 Mar 2026 14:00', returned: 'Mon 2 Mar 2026 15:30', fine: 200 },
  { case: '$1 an hour, 30 minutes late, complete hours only', policy: hourlyFines, due: 'Mon 2 Mar 2026 14:00', returned: 'Mon 2 Mar 2026 14:30', fine: 0 },
  { case: '$1 an hour, 30 minutes late, each hour begun', policy: { ...hourlyFines, chargeAt: 'start' }, due: 'Mon 2 Mar 2026 14:00', returned: 'Mon 2 Mar 2026 14:30', fine: 100 },
  { case: '$2 per 3 hours, 7 hours late, complete periods only', policy: { ...hourlyFines, amountCents: 200, interval: 3 }, due: 'Mon 2 Mar 2026 09:00', returned: 'Mon 2 Mar 2026 16:00', fine: 400 },
  // start vs end of a 7-day interval
  { case: '$1 per 7 days, 4 days late, charged at the start', policy: { ...weeklyFines, chargeAt: 'start' }, due: 'Mon 2 Mar 2026 23:59', returned: 'Fri 6 Mar 2026 12:00', fine: 100 },
  { case: '$1 per 7 days, 9 days late, charged at the start', policy: { ...weeklyFines, chargeAt: 'start' }, due: 'Mon 2 Mar 2026 23:59', returned: 'Wed 11 Mar 2026 12:00', fine: 200 },
  { case: '$1 per 7 days, 4 days late, charged at the end', policy: { ...weeklyFines, chargeAt: 'end' }, due: 'Mon 2 Mar 2026 23:59', returned: 'Fri 6 Mar 2026 12:00', fine: 0 },
  { case: '$1 per 7 days, 9 days late, charged at the end', policy: { ...weeklyFines, chargeAt: 'end' }, due: 'Mon 2 Mar 2026 23:59', returned: 'Wed 11 Mar 2026 12:00', fine: 100 },
  // grace periods
  { case: '1-day grace, returned 20 hours late', policy: { ...standardFines, graceDays: 1 }, due: 'Mon 2 Mar 2026 23:59', returned: 'Tue 3 Mar 2026 19:59', fine: 0 },
  { case: '1-day grace, 2 days late, grace not charged', policy: { ...standardFines, graceDays: 1 }, due: 'Mon 2 Mar 2026 23:59', returned: 'Wed 4 Mar 2026 10:00', fine: 25 },
  { case: '1-day grace, 2 days late, grace charged once exceeded', policy: { ...standardFines, graceDays: 1, graceCountsOnceExceeded: true }, due: 'Mon 2 Mar 2026 23:59', returned: 'Wed 4 Mar 2026 10:00', fine: 50 },
  { case: '15-minute grace on $1 an hour, 10 minutes late', policy: { ...hourlyFines, chargeAt: 'start', graceHours: 0.25 }, due: 'Mon 2 Mar 2026 14:00', returned: 'Mon 2 Mar 2026 14:10', fine: 0 },
  { case: '15-minute grace on $1 an hour, 70 minutes late, grace not charged', policy: { ...hourlyFines, chargeAt: 'start', graceHours: 0.25 }, due: 'Mon 2 Mar 2026 14:00', returned: 'Mon 2 Mar 2026 15:10', fine: 100 },
  { case: '15-minute grace on $1 an hour, 70 minutes late, grace charged once exceeded', policy: { ...hourlyFines, chargeAt: 'start', graceHours: 0.25, graceCountsOnceExceeded: true }, due: 'Mon 2 Mar 2026 14:00', returned: 'Mon 2 Mar 2026 15:10', fine: 200 },
  // caps
  { case: '60 days late: the maximum fine', policy: standardFines, due: 'Mon 2 Mar 2026 23:59', returned: 'Fri 1 May 2026 10:00', replacementCostCents: 4500, fine: 1000 },
  { case: '60 days late on a cheap item: its replacement cost', policy: standardFines, due: 'Mon 2 Mar 2026 23:59', returned: 'Fri 1 May 2026 10:00', replacementCostCents: 800, fine: 800 },
  { case: 'no maximum, replacement cost cap', policy: { ...standardFines, maxFineCents: 0 }, due: 'Mon 2 Mar 2026 23:59', returned: 'Fri 1 May 2026 10:00', replacementCostCents: 1200, fine: 1200 },
  { case: 'no maximum, not capped at replacement cost', policy: { ...standardFines, maxFineCents: 0, capAtReplacementCost: false }, due: 'Mon 2 Mar 2026 23:59', returned: 'Fri 1 May 2026 10:00', replacementCostCents: 1200, fine: 1500 },
  { case: 'capped at replacement cost, item has none recorded', policy: { ...standardFines, maxFineCents: 0 }, due: 'Mon 2 Mar 2026 23:59', returned: 'Fri 1 May 2026 10:00', fine: 1500 },
  // closed days (Sun 8 Mar, spring break Mon 9 – Tue 10 Mar)
  { case: 'due Saturday, back Wednesday, closed days not counted', policy: standardFines, calendar: mainDesk, due: 'Sat 7 Mar 2026 22:00', returned: 'Wed 11 Mar 2026 10:00', fine: 25 },
  { case: 'due Saturday, back Wednesday, closed days counted', policy: { ...standardFines, countClosedDays: true }, calendar: mainDesk, due: 'Sat 7 Mar 2026 22:00', returned: 'Wed 11 Mar 2026 10:00', fine: 100 },
  // hourly fines count open hours only: Sat 21:00–22:00, then closed until Wed 11 Mar 08:00
  { case: 'hourly, closed days not counted', policy: hourlyFines, calendar: mainDesk, due: 'Sat 7 Mar 2026 21:00', returned: 'Wed 11 Mar 2026 02:00', fine: 100 },
  { case: 'hourly, closed days counted (Sunday has 23 hours)', policy: { ...hourlyFines, countClosedDays: true }, calendar: mainDesk, due: 'Sat 7 Mar 2026 21:00', returned: 'Wed 11 Mar 2026 02:00', fine: 7600 },
  // a laptop at $5 an hour, counted in opening hours only (open 08:00–22:00, closed Sundays); rounding as above
  { case: 'laptop due 21:00, back 08:00 next morning: 1 open hour', policy: laptopFines, calendar: mainDesk, due: 'Mon 2 Mar 2026 21:00', returned: 'Tue 3 Mar 2026 08:00', fine: 500 },
  { case: 'laptop due 21:00, back 09:30 next morning: 2.5 open hours, complete hours only', policy: laptopFines, calendar: mainDesk, due: 'Mon 2 Mar 2026 21:00', returned: 'Tue 3 Mar 2026 09:30', fine: 1000 },
  { case: 'laptop due 21:00, back 09:30 next morning: 2.5 open hours, each hour begun', policy: { ...laptopFines, chargeAt: 'start' }, calendar: mainDesk, due: 'Mon 2 Mar 2026 21:00', returned: 'Tue 3 Mar 2026 09:30', fine: 1500 },
  { case: 'laptop due 21:00, back 23:30 after closing: 1 open hour', policy: laptopFines, calendar: mainDesk, due: 'Mon 2 Mar 2026 21:00', returned: 'Mon 2 Mar 2026 23:30', fine: 500 },
  { case: 'laptop due Saturday 21:00, back Monday 09:00: no hours on the closed Sunday', policy: laptopFines, calendar: mainDesk, due: 'Sat 14 Mar 2026 21:00', returned: 'Mon 16 Mar 2026 09:00', fine: 1000 },
  { case: 'laptop due Saturday 21:00, back Monday 09:00, closed hours counted', policy: { ...laptopFines, countClosedDays: true }, calendar: mainDesk, due: 'Sat 14 Mar 2026 21:00', returned: 'Mon 16 Mar 2026 09:00', fine: 18000 },
  { case: 'laptop, no calendar given: every hour counts', policy: laptopFines, due: 'Mon 2 Mar 2026 21:00', returned: 'Tue 3 Mar 2026 08:00', fine: 5500 },
  // recalled items
  { case: 'recalled, 3 days late at the recall rate', policy: { ...standardFines, recall: { amountCents: 100, maxFineCents: 2000 } }, recalled: true, due: 'Mon 2 Mar 2026 23:59', returned: 'Thu 5 Mar 2026 10:00', fine: 300 },
  { case: 'recalled, 30 days late: the recall maximum', policy: { ...standardFines, recall: { amountCents: 100, maxFineCents: 2000 } }, recalled: true, due: 'Mon 2 Mar 2026 23:59', returned: 'Wed 1 Apr 2026 10:00', replacementCostCents: 9000, fine: 2000 },
  { case: 'recalled, policy without a recall rate', policy: standardFines, recalled: true, due: 'Mon 2 Mar 2026 23:59', returned: 'Thu 5 Mar 2026 10:00', fine: 75 },
  // backdated returns: the fine counts to the time staff gave, not to when the check-in was entered
  { case: 'backdated to before the due time (book drop)', policy: standardFines, due: 'Mon 2 Mar 2026 23:59', returned: 'Mon 2 Mar 2026 22:00', fine: 0 },
  { case: 'backdated to the day after the due date', policy: standardFines, due: 'Mon 2 Mar 2026 23:59', returned: 'Tue 3 Mar 2026 08:00', fine: 25 },
];

describe('calculateOverdueFine', () => {
  it.each(cases)('$case: $fine cents', (row) => {
    const result = calculateOverdueFine({
      policy: policy(row.policy),
      dueAt: at(row.due),
      returnedAt: at(row.returned),
      replacementCostCents: row.replacementCostCents,
      recalled: row.recalled,
      calendar: row.calendar,
      timeZone: zone,
    });
    expect(result.fineCents).toBe(row.fine);
  });

  it('explains a book returned 3 days late at $0.25 a day', () => {
    const result = calculateOverdueFine({ policy: policy(standardFines), dueAt: at('Mon 2 Mar 2026 23:59'), returnedAt: at('Thu 5 Mar 2026 10:00'), timeZone: zone, calendar: mainDesk });
    expect(result).toEqual({
      fineCents: 75,
      explanation: [
        'Due Mon 2 Mar 2026 23:59, returned Thu 5 Mar 2026 10:00 (America/New_York).',
        '3 days late (a day late begins as soon as the due time passes).',
        '3 × $0.25 a day = $0.75.',
        'Fine: $0.75.',
      ],
    });
  });

  it('names the closed days it left out and the cap it applied', () => {
    const result = calculateOverdueFine({
      policy: policy({ ...standardFines, amountCents: 500 }),
      dueAt: at('Sat 7 Mar 2026 22:00'),
      returnedAt: at('Fri 13 Mar 2026 10:00'),
      replacementCostCents: 1200,
      calendar: mainDesk,
    });
    expect(result.fineCents).toBe(1000);
    expect(result.explanation).toContain('3 closed days not counted (Sun 8 Mar, Mon 9 Mar, Tue 10 Mar): 3 days counted.');
    expect(result.explanation).toContain("Capped at the maximum fine, $10.00 (lower than the item's replacement cost, $12.00).");
  });

  it('names the hours outside opening hours it left out', () => {
    const result = calculateOverdueFine({ policy: policy(laptopFines), dueAt: at('Mon 2 Mar 2026 21:00'), returnedAt: at('Tue 3 Mar 2026 09:30'), calendar: mainDesk });
    expect(result.explanation).toEqual([
      'Due Mon 2 Mar 2026 21:00, returned Tue 3 Mar 2026 09:30 (America/New_York).',
      '12 hours 30 minutes late.',
      '10 hours outside opening hours not counted: 2 hours 30 minutes counted.',
      'Only complete hours are charged: 2 hours.',
      '2 × $5.00 an hour = $10.00.',
      'Fine: $10.00.',
    ]);
  });

  it('says when the grace period was not charged', () => {
    const result = calculateOverdueFine({ policy: policy({ ...standardFines, graceDays: 1 }), dueAt: at('Mon 2 Mar 2026 23:59'), returnedAt: at('Wed 4 Mar 2026 10:00'), timeZone: zone });
    expect(result.explanation).toContain('The grace period of 1 day is not charged: the fine counts from Tue 3 Mar 2026 23:59.');
  });

  it('refuses a grace period given both in days and in hours', () => {
    expect(overdueFinePolicySettingsSchema.safeParse({ graceDays: 1, graceHours: 2 }).success).toBe(false);
  });
});

describe('fineOnRenewal', () => {
  const threeDaysLate = { dueAt: at('Mon 2 Mar 2026 23:59'), renewedAt: at('Thu 5 Mar 2026 10:00'), timeZone: zone };

  it('charges what had accrued when the policy does not forgive on renewal', () => {
    const result = fineOnRenewal({ ...threeDaysLate, policy: policy(standardFines) });
    expect(result).toMatchObject({ fineCents: 75, accruedCents: 75, forgiven: false });
    expect(result.explanation[0]).toBe('Due Mon 2 Mar 2026 23:59, renewed Thu 5 Mar 2026 10:00 (America/New_York).');
  });

  it('forgives what had accrued when the policy says so', () => {
    const result = fineOnRenewal({ ...threeDaysLate, policy: policy({ ...standardFines, forgiveOnRenewal: true }) });
    expect(result).toMatchObject({ fineCents: 0, accruedCents: 75, forgiven: true });
    expect(result.explanation.at(-1)).toContain('Forgiven');
  });

  it('charges nothing for a loan renewed before it was due', () => {
    const result = fineOnRenewal({ dueAt: at('Mon 2 Mar 2026 23:59'), renewedAt: at('Mon 2 Mar 2026 12:00'), timeZone: zone, policy: policy({ ...standardFines, forgiveOnRenewal: true }) });
    expect(result).toMatchObject({ fineCents: 0, accruedCents: 0, forgiven: false });
  });
});

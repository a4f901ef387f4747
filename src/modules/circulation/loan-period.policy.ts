import { DateTime } from 'luxon';
import { DomainError } from '../../platform/errors.ts';
import { addDays, endOfOpenDay, localDateOf, type ServicePointCalendar } from '../org/index.ts';
import type { FixedDueDateScheduleSettings, LoanPolicySettings, Period } from '../policies/index.ts';

/**
 * Where a loan period ends, before closures and the patron's expiry are considered. A day loan
 * ends on a local date (at the end of that library day); a loan in minutes or hours ends at an
 * exact instant.
 */
export type DueCandidate = { kind: 'day'; date: string; at: Date } | { kind: 'time'; at: Date };

export type LoanPeriod = NonNullable<LoanPolicySettings['loanPeriod']>;
export type DayLoanDueTime = LoanPolicySettings['dayLoanDueTime'];

/** 'end-of-day' means 23:59 local, not midnight, so the due date shown is the day the patron expects. */
export const endOfDayTime = { hour: 23, minute: 59 };

const minuteMs = 60_000;

export function isHourly(period: Period): boolean {
  return period.unit === 'minutes' || period.unit === 'hours';
}

export function describePeriod(period: Period): string {
  return `${period.amount} ${period.amount === 1 ? period.unit.slice(0, -1) : period.unit}`;
}

export function describeDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-US').toFormat('ccc d LLL yyyy');
}

export function describeInstant(calendar: ServicePointCalendar, instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: calendar.timeZone }).setLocale('en-US').toFormat("ccc d LLL yyyy 'at' HH:mm");
}

export function describeDuration(milliseconds: number): string {
  const minutes = Math.round(milliseconds / minuteMs);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function describeDueTime(dueTime: DayLoanDueTime): string {
  return dueTime === 'end-of-day' ? 'the end of the library day (23:59)' : 'closing time';
}

function endOfDayOn(calendar: ServicePointCalendar, date: string): Date {
  return DateTime.fromISO(date, { zone: calendar.timeZone }).set(endOfDayTime).toJSDate();
}

/**
 * A day loan due on a local date. With 'closing-time' on a closed day there is no closing time:
 * 23:59 stands in until the closed-day rule decides (and stays if the rule is 'keep').
 */
export function dayCandidate(calendar: ServicePointCalendar, date: string, dueTime: DayLoanDueTime): DueCandidate {
  const closing = dueTime === 'closing-time' ? endOfOpenDay(calendar, date) : undefined;
  return { kind: 'day', date, at: closing ?? endOfDayOn(calendar, date) };
}

/**
 * A rolling period from a starting instant. Minutes and hours are exact elapsed time (a 24-hour
 * loan across a daylight-saving change keeps its 24 hours); days and weeks count local dates.
 */
export function rollingDue(
  label: string,
  period: Period,
  from: Date,
  calendar: ServicePointCalendar,
  dueTime: DayLoanDueTime,
  steps: string[],
): DueCandidate {
  if (isHourly(period)) {
    const minutes = period.unit === 'hours' ? period.amount * 60 : period.amount;
    const at = new Date(from.getTime() + minutes * minuteMs);
    steps.push(`${label} ${describePeriod(period)} from ${describeInstant(calendar, from)} → ${describeInstant(calendar, at)}.`);
    return { kind: 'time', at };
  }
  const days = period.unit === 'weeks' ? period.amount * 7 : period.amount;
  const startDate = localDateOf(calendar, from);
  const date = addDays(startDate, days);
  steps.push(`${label} ${describePeriod(period)} from ${describeDate(startDate)} → ${describeDate(date)}, due at ${describeDueTime(dueTime)}.`);
  return dayCandidate(calendar, date, dueTime);
}

/** The schedule entry whose from..to holds the local date of `on`; none is an error the desk must see. */
export function fixedDue(
  scheduleCode: string,
  schedules: Record<string, FixedDueDateScheduleSettings>,
  on: Date,
  calendar: ServicePointCalendar,
  dueTime: DayLoanDueTime,
  steps: string[],
): DueCandidate {
  const date = localDateOf(calendar, on);
  const schedule = schedules[scheduleCode];
  const entry = schedule?.entries.find((candidate) => candidate.from <= date && date <= candidate.to);
  if (!entry) {
    const reason = schedule ? `has no entry covering ${date}` : 'does not exist';
    throw new DomainError('NO_FIXED_DUE_DATE', `The fixed due date schedule ${scheduleCode} ${reason}.`, { scheduleCode, date });
  }
  steps.push(
    `Fixed due date schedule ${scheduleCode}: loans made ${describeDate(entry.from)} to ${describeDate(entry.to)} are due ${describeDate(entry.due)}, at ${describeDueTime(dueTime)}.`,
  );
  return dayCandidate(calendar, entry.due, dueTime);
}

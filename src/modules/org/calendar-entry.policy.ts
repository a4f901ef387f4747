import { DateTime, IANAZone } from 'luxon';
import type { CalendarException, WeeklyHours } from './calendar.policy.ts';

/** What staff type into the calendar editor, checked before it is saved. Each problem is a sentence for the editor. */
export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const localTimePattern = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function isLocalTime(value: string): boolean {
  return localTimePattern.test(value);
}

export function isLocalDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

export function isTimeZone(value: string): boolean {
  return IANAZone.isValidZone(value);
}

function dayName(weekday: number): string {
  return weekdayNames[weekday - 1] ?? `weekday ${weekday}`;
}

function describeRow(row: WeeklyHours): string {
  return `${dayName(row.weekday)} ${row.opensAt}–${row.closesAt}`;
}

function validityOverlaps(a: WeeklyHours, b: WeeklyHours): boolean {
  const aFrom = a.validFrom ?? '0000-01-01';
  const aTo = a.validTo ?? '9999-12-31';
  const bFrom = b.validFrom ?? '0000-01-01';
  const bTo = b.validTo ?? '9999-12-31';
  return aFrom <= bTo && bFrom <= aTo;
}

/** Problems with a week of opening hours: bad times, closing before opening, or two periods of one weekday overlapping. */
export function problemsWithWeeklyHours(rows: readonly WeeklyHours[]): string[] {
  const problems: string[] = [];
  rows.forEach((row) => {
    if (!Number.isInteger(row.weekday) || row.weekday < 1 || row.weekday > 7) {
      problems.push(`Weekday ${row.weekday} is not a day of the week (1 = Monday … 7 = Sunday).`);
      return;
    }
    if (!isLocalTime(row.opensAt) || !isLocalTime(row.closesAt)) {
      problems.push(`${describeRow(row)}: times must be written HH:MM on a 24-hour clock (closing may be 24:00).`);
      return;
    }
    if (row.opensAt === '24:00' || row.opensAt >= row.closesAt) {
      problems.push(`${describeRow(row)}: the opening time must be before the closing time.`);
    }
    for (const field of ['validFrom', 'validTo'] as const) {
      const value = row[field];
      if (value != null && !isLocalDate(value)) problems.push(`${describeRow(row)}: ${value} is not a date (YYYY-MM-DD).`);
    }
    if (row.validFrom && row.validTo && row.validFrom > row.validTo) {
      problems.push(`${describeRow(row)}: valid from ${row.validFrom} is after valid to ${row.validTo}.`);
    }
  });
  if (problems.length > 0) return problems;
  rows.forEach((a, index) => {
    for (const b of rows.slice(index + 1)) {
      if (a.weekday === b.weekday && validityOverlaps(a, b) && a.opensAt < b.closesAt && b.opensAt < a.closesAt) {
        problems.push(`${describeRow(a)} overlaps ${b.opensAt}–${b.closesAt} on the same day.`);
      }
    }
  });
  return problems;
}

/** Problems with a closure or special-hours entry. */
export function problemsWithException(exception: CalendarException): string[] {
  const problems: string[] = [];
  if (exception.name.trim() === '') problems.push('Give the closure or special hours a name (for example "Thanksgiving").');
  if (!isLocalDate(exception.startDate)) problems.push(`The start date ${exception.startDate} is not a date (YYYY-MM-DD).`);
  if (!isLocalDate(exception.endDate)) problems.push(`The end date ${exception.endDate} is not a date (YYYY-MM-DD).`);
  if (problems.length === 0 && exception.startDate > exception.endDate) {
    problems.push(`The start date ${exception.startDate} is after the end date ${exception.endDate}.`);
  }
  if (exception.kind === 'closed') {
    if (exception.opensAt || exception.closesAt) problems.push('A closure has no opening or closing time; use special hours to open for part of a day.');
    return problems;
  }
  const { opensAt, closesAt } = exception;
  if (!opensAt || !closesAt) {
    problems.push('Special hours need an opening and a closing time.');
  } else if (!isLocalTime(opensAt) || !isLocalTime(closesAt)) {
    problems.push(`Special hours ${opensAt}–${closesAt}: times must be written HH:MM on a 24-hour clock (closing may be 24:00).`);
  } else if (opensAt === '24:00' || opensAt >= closesAt) {
    problems.push(`Special hours ${opensAt}–${closesAt}: the opening time must be before the closing time.`);
  }
  return problems;
}

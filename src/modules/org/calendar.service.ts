import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { forgetCalendars } from './calendar.cache.ts';
import { isLocalDate, problemsWithException, problemsWithWeeklyHours } from './calendar-entry.policy.ts';
import {
  addDays,
  closingTimeOf,
  dayScheduleOf,
  nextOpeningAfter,
  periodAt,
  type CalendarException,
  type ServicePointCalendar,
  type WeeklyHours,
} from './calendar.policy.ts';
import {
  deleteCalendarException,
  insertCalendarException,
  listCalendarExceptions,
  listWeeklyHours,
  replaceWeeklyHours as replaceWeeklyHoursRows,
  type StoredCalendarException,
} from './calendar.queries.ts';
import { requireServicePoint } from './service-point.service.ts';

/** The longest span the calendar view answers for at once. */
export const maxCalendarDays = 366;

/**
 * A service point's calendar, ready for the pure calendar policy. Circulation uses this to move
 * due dates off closed days. Throws SERVICE_POINT_NOT_FOUND for another institution's service point.
 */
export async function calendarOfServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<ServicePointCalendar> {
  const servicePoint = await requireServicePoint(db, institutionId, servicePointId);
  const [hours, exceptions] = await Promise.all([
    listWeeklyHours(db, institutionId, servicePointId),
    listCalendarExceptions(db, institutionId, servicePointId),
  ]);
  return { timeZone: servicePoint.timeZone, hours, exceptions };
}

/** The weekly hours and exceptions as staff edit them. */
export async function describeCalendar(db: Kysely<Database>, institutionId: string, servicePointId: string) {
  const servicePoint = await requireServicePoint(db, institutionId, servicePointId);
  const [hours, exceptions] = await Promise.all([
    listWeeklyHours(db, institutionId, servicePointId),
    listCalendarExceptions(db, institutionId, servicePointId),
  ]);
  return { servicePointId, timeZone: servicePoint.timeZone, hours, exceptions };
}

function refuse(problems: string[]): never {
  throw new DomainError('VALIDATION_FAILED', problems.join(' '), { problems });
}

/** Replace the whole week of regular hours (an empty list means closed every day unless exceptions open it). */
export async function replaceWeeklyHours(db: Kysely<Database>, clock: Clock, actor: Actor, servicePointId: string, rows: WeeklyHours[]) {
  const problems = problemsWithWeeklyHours(rows);
  if (problems.length > 0) refuse(problems);
  return db.transaction().execute(async (trx) => {
    await requireServicePoint(trx, actor.institutionId, servicePointId);
    const before = await listWeeklyHours(trx, actor.institutionId, servicePointId);
    await replaceWeeklyHoursRows(trx, actor.institutionId, servicePointId, rows);
    const after = await listWeeklyHours(trx, actor.institutionId, servicePointId);
    const strip = (list: typeof after) => list.map(({ id: _id, ...row }) => row);
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'calendar.hours.replace',
      entityType: 'service_point',
      entityId: servicePointId,
      before: strip(before),
      after: strip(after),
    });
    return after;
  }).finally(() => forgetCalendars(actor.institutionId));
}

export async function addCalendarException(db: Kysely<Database>, clock: Clock, actor: Actor, servicePointId: string, exception: CalendarException): Promise<StoredCalendarException> {
  const problems = problemsWithException(exception);
  if (problems.length > 0) refuse(problems);
  return db.transaction().execute(async (trx) => {
    await requireServicePoint(trx, actor.institutionId, servicePointId);
    const id = await insertCalendarException(trx, actor.institutionId, servicePointId, exception);
    const created = (await listCalendarExceptions(trx, actor.institutionId, servicePointId)).find((row) => row.id === id) as StoredCalendarException;
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'calendar.exception.create',
      entityType: 'calendar_exception',
      entityId: id,
      after: { servicePointId, ...created },
    });
    return created;
  }).finally(() => forgetCalendars(actor.institutionId));
}

export async function removeCalendarException(db: Kysely<Database>, clock: Clock, actor: Actor, servicePointId: string, exceptionId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireServicePoint(trx, actor.institutionId, servicePointId);
    const existing = (await listCalendarExceptions(trx, actor.institutionId, servicePointId)).find((row) => row.id === exceptionId);
    if (!existing) throw new DomainError('CALENDAR_EXCEPTION_NOT_FOUND', 'This service point has no such closure or special hours.', { exceptionId });
    await deleteCalendarException(trx, actor.institutionId, exceptionId);
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'calendar.exception.delete',
      entityType: 'calendar_exception',
      entityId: exceptionId,
      before: { servicePointId, ...existing },
    });
  }).finally(() => forgetCalendars(actor.institutionId));
}

export interface OpenStatus {
  open: boolean;
  currentPeriod?: { opensAt: string; closesAt: string };
  /** When the open stretch under way ends (undefined when closed, or open beyond the search horizon). */
  closesAt?: string;
  /** The next opening after the instant: after the current stretch when open, else the next time it opens. */
  nextOpening?: string;
}

/** Is the service point open at an instant, and until when; and when does it next open. */
export async function openStatusAt(db: Kysely<Database>, institutionId: string, servicePointId: string, at: Date): Promise<OpenStatus> {
  const calendar = await calendarOfServicePoint(db, institutionId, servicePointId);
  const period = periodAt(calendar, at);
  const status: OpenStatus = { open: period !== undefined };
  if (period) status.currentPeriod = { opensAt: period.opensAt.toISOString(), closesAt: period.closesAt.toISOString() };
  const closesAt = period ? closingTimeOf(calendar, at) : undefined;
  if (closesAt) status.closesAt = closesAt.toISOString();
  const nextOpening = period && !closesAt ? undefined : nextOpeningAfter(calendar, closesAt ?? at);
  if (nextOpening) status.nextOpening = nextOpening.toISOString();
  return status;
}

function localTimeOf(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('HH:mm');
}

/** Each local day's opening hours from one date to another (inclusive), for the calendar view. */
export async function openingDays(db: Kysely<Database>, institutionId: string, servicePointId: string, from: string, to: string) {
  if (!isLocalDate(from) || !isLocalDate(to)) refuse([`Dates must be written YYYY-MM-DD (got ${from} and ${to}).`]);
  if (from > to) refuse([`The first day ${from} is after the last day ${to}.`]);
  const length = DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
  if (length > maxCalendarDays) refuse([`Ask for at most ${maxCalendarDays} days at a time (asked for ${length}).`]);
  const calendar = await calendarOfServicePoint(db, institutionId, servicePointId);
  const days = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const schedule = dayScheduleOf(calendar, date);
    days.push({
      date,
      weekday: DateTime.fromISO(date, { zone: 'utc' }).weekday,
      open: schedule.periods.length > 0,
      periods: schedule.periods.map((period) => ({
        opensAt: period.opensAt.toISOString(),
        closesAt: period.closesAt.toISOString(),
        localOpensAt: localTimeOf(period.opensAt, calendar.timeZone),
        localClosesAt: period.closesAt.getTime() === DateTime.fromISO(date, { zone: calendar.timeZone }).plus({ days: 1 }).toMillis() ? '24:00' : localTimeOf(period.closesAt, calendar.timeZone),
      })),
      exception: schedule.exception ? { name: schedule.exception.name, kind: schedule.exception.kind } : null,
    });
  }
  return { servicePointId, timeZone: calendar.timeZone, days };
}

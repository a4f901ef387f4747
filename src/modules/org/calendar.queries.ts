import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { forgetCalendars } from './calendar.cache.ts';
import type { CalendarException, WeeklyHours } from './calendar.policy.ts';

export interface StoredWeeklyHours extends WeeklyHours {
  id: string;
  validFrom: string | null;
  validTo: string | null;
}

export interface StoredCalendarException extends CalendarException {
  id: string;
  opensAt: string | null;
  closesAt: string | null;
}

export async function listWeeklyHours(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<StoredWeeklyHours[]> {
  const rows = await db
    .selectFrom('calendar_hours')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('service_point_id', '=', servicePointId)
    .orderBy('weekday')
    .orderBy('opens_at')
    .orderBy('valid_from')
    .execute();
  return rows.map((row) => ({ id: row.id, weekday: Number(row.weekday), opensAt: row.opens_at, closesAt: row.closes_at, validFrom: row.valid_from, validTo: row.valid_to }));
}

/** Exceptions of a service point, optionally only those touching a date range. */
export async function listCalendarExceptions(
  db: Kysely<Database>,
  institutionId: string,
  servicePointId: string,
  range?: { from: string; to: string },
): Promise<StoredCalendarException[]> {
  let query = db.selectFrom('calendar_exception').selectAll().where('institution_id', '=', institutionId).where('service_point_id', '=', servicePointId);
  if (range) query = query.where('end_date', '>=', range.from).where('start_date', '<=', range.to);
  const rows = await query.orderBy('start_date').orderBy('end_date').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    startDate: row.start_date,
    endDate: row.end_date,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
  }));
}

export async function replaceWeeklyHours(db: Kysely<Database>, institutionId: string, servicePointId: string, rows: readonly WeeklyHours[]): Promise<void> {
  forgetCalendars(institutionId);
  await db.deleteFrom('calendar_hours').where('institution_id', '=', institutionId).where('service_point_id', '=', servicePointId).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('calendar_hours')
    .values(
      rows.map((row) => ({
        id: newId(),
        institution_id: institutionId,
        service_point_id: servicePointId,
        weekday: row.weekday,
        opens_at: row.opensAt,
        closes_at: row.closesAt,
        valid_from: row.validFrom ?? null,
        valid_to: row.validTo ?? null,
      })),
    )
    .execute();
}

export async function insertCalendarException(db: Kysely<Database>, institutionId: string, servicePointId: string, exception: CalendarException): Promise<string> {
  forgetCalendars(institutionId);
  const id = newId();
  await db
    .insertInto('calendar_exception')
    .values({
      id,
      institution_id: institutionId,
      service_point_id: servicePointId,
      name: exception.name,
      kind: exception.kind,
      start_date: exception.startDate,
      end_date: exception.endDate,
      opens_at: exception.kind === 'closed' ? null : (exception.opensAt ?? null),
      closes_at: exception.kind === 'closed' ? null : (exception.closesAt ?? null),
    })
    .execute();
  return id;
}

export async function deleteCalendarException(db: Kysely<Database>, institutionId: string, exceptionId: string): Promise<void> {
  forgetCalendars(institutionId);
  await db.deleteFrom('calendar_exception').where('institution_id', '=', institutionId).where('id', '=', exceptionId).execute();
}

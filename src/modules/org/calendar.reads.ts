import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { openingTimesCache } from './calendar.cache.ts';
import type { ServicePointCalendar } from './calendar.policy.ts';
import { listCalendarExceptions, listWeeklyHours } from './calendar.queries.ts';

/**
 * A service point's calendar in the time zone the caller already knows (check-out's desk, a hold's pickup desk).
 * Every check-out, renewal and hold reads it, so its hours and exceptions come from the cache when fresh
 * (see calendar.cache.ts); the calendar writes forget them.
 */
export async function cachedCalendarOfServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string, timeZone: string): Promise<ServicePointCalendar> {
  const { hours, exceptions } = await openingTimesCache.get(institutionId, servicePointId, async () => ({
    hours: await listWeeklyHours(db, institutionId, servicePointId),
    exceptions: await listCalendarExceptions(db, institutionId, servicePointId),
  }));
  return { timeZone, hours, exceptions };
}

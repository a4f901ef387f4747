import { InstitutionCache } from '../../platform/institution-cache.ts';
import type { StoredCalendarException, StoredWeeklyHours } from './calendar.queries.ts';

export interface OpeningTimes {
  hours: StoredWeeklyHours[];
  exceptions: StoredCalendarException[];
}

/**
 * Every check-out and renewal reads its desk's weekly hours and exceptions, which change rarely:
 * they are kept per service point (see InstitutionCache for how long). The calendar writes in
 * calendar.queries.ts and calendar.service.ts forget an institution's calendars. Shared, so never mutate.
 */
export const openingTimesCache = new InstitutionCache<OpeningTimes>();

export function forgetCalendars(institutionId: string): void {
  openingTimesCache.invalidate(institutionId);
}

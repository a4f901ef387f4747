import { systemClock } from '../../platform/clock.ts';
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
 * Shared by every node in the process on purpose (keys are institution ids, and a write through any
 * node must reach them all); its time to live bounds how stale another process's writes may look, a
 * real duration, so it runs on the system clock whatever clock a node's use cases are given.
 */
export const openingTimesCache = new InstitutionCache<OpeningTimes>(systemClock);

export function forgetCalendars(institutionId: string): void {
  openingTimesCache.invalidate(institutionId);
}

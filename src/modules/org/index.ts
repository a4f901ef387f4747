/** What other modules may use of the organisation: its institution and service points, and their opening calendars. */
export { homeDeskCodeOfLocation, pickupServicePoints, placeOfServicePoint, servicePointCodeOf, servicePointIdOfCode } from './service-point.reads.ts';
export type { ServicePointView } from './service-point.queries.ts';
export { requireServicePoint } from './service-point.service.ts';
export { institutionsInCodeOrder, locationByIdOrCode, locationCodesOfInstitution, requireInstitution } from './org.reads.ts';
/** Opening hours and closed days: the pure rules due dates, fines, hold deadlines and notices are computed with. */
export {
  addDays,
  closingTimeOf,
  dayScheduleOf,
  endOfOpenDay,
  isOpenAt,
  isOpenOn,
  lastClosingBefore,
  localDateOf,
  nextOpenDay,
  nextOpeningAfter,
  openingHoursOn,
  searchLimitDays,
  type CalendarException,
  type ServicePointCalendar,
  type WeeklyHours,
} from './calendar.policy.ts';
export { isLocalDate, isTimeZone, problemsWithException, problemsWithWeeklyHours } from './calendar-entry.policy.ts';
export { calendarOfServicePoint } from './calendar.service.ts';
export { cachedCalendarOfServicePoint } from './calendar.reads.ts';
export { forgetCalendars } from './calendar.cache.ts';
/** A service point's week of hours written in the caller's transaction (the library set-up applies a whole configuration in one). */
export { replaceWeeklyHours as writeWeeklyHours } from './calendar.queries.ts';
/** A service point as the request queue checks it for pickup, and the zone it keeps its days in. */
export { pickupDeskOf, timeZoneOfServicePoint } from './pickup-desk.reads.ts';
export { resolveInstitution } from './institution.queries.ts';

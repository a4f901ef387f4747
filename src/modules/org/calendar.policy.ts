import { DateTime } from 'luxon';

/**
 * When a service point is open. Local times ('HH:MM', closing may be '24:00') and local dates
 * ('YYYY-MM-DD') are read in the service point's IANA time zone, so hours stay right across
 * daylight-saving changes. Periods are half-open: open at opensAt, closed again at closesAt.
 * Every search is bounded by searchLimitDays and answers undefined when nothing is found.
 */
export interface WeeklyHours {
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  opensAt: string;
  closesAt: string;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface CalendarException {
  name: string;
  kind: 'closed' | 'special-hours';
  startDate: string;
  endDate: string;
  opensAt?: string | null;
  closesAt?: string | null;
}

export interface ServicePointCalendar {
  timeZone: string;
  hours: readonly WeeklyHours[];
  exceptions: readonly CalendarException[];
}

export interface OpenPeriod {
  opensAt: Date;
  closesAt: Date;
}

export interface DaySchedule {
  date: string;
  periods: OpenPeriod[];
  /** The closure or special hours that replaced the weekly hours on this day. */
  exception?: CalendarException;
}

export type SearchDirection = 'next' | 'previous';

/** A year and a day: far enough for any closure a library has, short enough to stop a never-open calendar. */
export const searchLimitDays = 366;

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

export function localDateOf(calendar: ServicePointCalendar, instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: calendar.timeZone }).toISODate() as string;
}

function dayLength(exception: CalendarException): number {
  return DateTime.fromISO(exception.endDate, { zone: 'utc' }).diff(DateTime.fromISO(exception.startDate, { zone: 'utc' }), 'days').days;
}

/** The exception that governs a day: the narrowest range wins (a reopening day inside a long closure); on a tie, closed wins. */
export function exceptionOn(calendar: ServicePointCalendar, date: string): CalendarException | undefined {
  const covering = calendar.exceptions.filter((exception) => exception.startDate <= date && date <= exception.endDate);
  covering.sort((a, b) => dayLength(a) - dayLength(b) || (a.kind === 'closed' ? -1 : 0) - (b.kind === 'closed' ? -1 : 0));
  return covering[0];
}

function instantAt(date: string, time: string, timeZone: string): Date {
  const midnight = DateTime.fromISO(date, { zone: timeZone });
  if (time === '24:00') return midnight.plus({ days: 1 }).toJSDate();
  const [hour, minute] = time.split(':').map(Number);
  // Luxon moves a wall time that does not exist (the skipped hour in spring) forward.
  return midnight.set({ hour: hour ?? 0, minute: minute ?? 0 }).toJSDate();
}

function mergePeriods(periods: OpenPeriod[]): OpenPeriod[] {
  const sorted = [...periods].sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
  const merged: OpenPeriod[] = [];
  for (const period of sorted) {
    const last = merged.at(-1);
    if (last && period.opensAt <= last.closesAt) {
      if (period.closesAt > last.closesAt) last.closesAt = period.closesAt;
    } else {
      merged.push({ ...period });
    }
  }
  return merged;
}

// Fines and due dates walk a calendar day by day, and turning wall times into instants is the costly part (time zone
// arithmetic): each calendar remembers the days already worked out. Calendars are values, never changed once loaded.
const schedulesByCalendar = new WeakMap<ServicePointCalendar, Map<string, DaySchedule>>();
const rememberedDaysPerCalendar = 4_000;

/** One local day: its opening periods as instants, after closures and special hours. */
export function dayScheduleOf(calendar: ServicePointCalendar, date: string): DaySchedule {
  let known = schedulesByCalendar.get(calendar);
  if (!known) schedulesByCalendar.set(calendar, (known = new Map()));
  const remembered = known.get(date);
  if (remembered) return remembered;
  const schedule = workOutDaySchedule(calendar, date);
  if (known.size < rememberedDaysPerCalendar) known.set(date, schedule);
  return schedule;
}

function workOutDaySchedule(calendar: ServicePointCalendar, date: string): DaySchedule {
  const exception = exceptionOn(calendar, date);
  if (exception?.kind === 'closed') return { date, periods: [], exception };
  let spans: Array<{ opensAt: string; closesAt: string }>;
  if (exception) {
    spans = exception.opensAt && exception.closesAt ? [{ opensAt: exception.opensAt, closesAt: exception.closesAt }] : [];
  } else {
    const weekday = DateTime.fromISO(date, { zone: 'utc' }).weekday;
    spans = calendar.hours.filter(
      (row) => row.weekday === weekday && (!row.validFrom || row.validFrom <= date) && (!row.validTo || date <= row.validTo),
    );
  }
  const periods = spans
    .map((span) => ({ opensAt: instantAt(date, span.opensAt, calendar.timeZone), closesAt: instantAt(date, span.closesAt, calendar.timeZone) }))
    .filter((period) => period.opensAt < period.closesAt);
  return exception ? { date, periods: mergePeriods(periods), exception } : { date, periods: mergePeriods(periods) };
}

/** The opening hours of a local day; empty when the service point is closed all day. */
export function openingHoursOn(calendar: ServicePointCalendar, date: string): OpenPeriod[] {
  return dayScheduleOf(calendar, date).periods;
}

export function isOpenOn(calendar: ServicePointCalendar, date: string): boolean {
  return openingHoursOn(calendar, date).length > 0;
}

/** The day's period that contains the instant, if the service point is open then. */
export function periodAt(calendar: ServicePointCalendar, instant: Date): OpenPeriod | undefined {
  return openingHoursOn(calendar, localDateOf(calendar, instant)).find((period) => period.opensAt <= instant && instant < period.closesAt);
}

export function isOpenAt(calendar: ServicePointCalendar, instant: Date): boolean {
  return periodAt(calendar, instant) !== undefined;
}

/** The nearest open day strictly after (or before) a local date. */
export function nextOpenDay(calendar: ServicePointCalendar, fromDate: string, direction: SearchDirection): string | undefined {
  const step = direction === 'next' ? 1 : -1;
  for (let offset = 1; offset <= searchLimitDays; offset += 1) {
    const date = addDays(fromDate, offset * step);
    if (isOpenOn(calendar, date)) return date;
  }
  return undefined;
}

/** When the last period of a local day ends; undefined when closed that day. */
export function endOfOpenDay(calendar: ServicePointCalendar, date: string): Date | undefined {
  return openingHoursOn(calendar, date).at(-1)?.closesAt;
}

/** For a day loan due on a closed day: the closing time of the open day before it. */
export function endOfPreviousOpenDay(calendar: ServicePointCalendar, date: string): Date | undefined {
  const day = nextOpenDay(calendar, date, 'previous');
  return day === undefined ? undefined : endOfOpenDay(calendar, day);
}

/** For a day loan due on a closed day: the closing time of the open day after it. */
export function endOfNextOpenDay(calendar: ServicePointCalendar, date: string): Date | undefined {
  const day = nextOpenDay(calendar, date, 'next');
  return day === undefined ? undefined : endOfOpenDay(calendar, day);
}

/**
 * Maximal open stretches starting from a local date, joining periods that touch (open till 24:00
 * then from 00:00 is one stretch). A stretch still open at the search horizon is not yielded.
 */
function* openStretches(calendar: ServicePointCalendar, fromDate: string, direction: SearchDirection): Generator<OpenPeriod> {
  const step = direction === 'next' ? 1 : -1;
  let pending: OpenPeriod | undefined;
  for (let offset = 0; offset <= searchLimitDays; offset += 1) {
    const periods = openingHoursOn(calendar, addDays(fromDate, offset * step));
    if (direction === 'previous') periods.reverse();
    for (const period of periods) {
      const touches = pending && (direction === 'next' ? period.opensAt <= pending.closesAt : period.closesAt >= pending.opensAt);
      if (pending && touches) {
        pending = { opensAt: new Date(Math.min(+pending.opensAt, +period.opensAt)), closesAt: new Date(Math.max(+pending.closesAt, +period.closesAt)) };
        continue;
      }
      if (pending) yield pending;
      pending = { ...period };
    }
  }
}

/** End of the open stretch the instant falls in; undefined when closed then (or open for the whole search horizon). */
export function closingTimeOf(calendar: ServicePointCalendar, instant: Date): Date | undefined {
  if (!isOpenAt(calendar, instant)) return undefined;
  for (const stretch of openStretches(calendar, localDateOf(calendar, instant), 'next')) {
    if (stretch.opensAt <= instant && instant < stretch.closesAt) return stretch.closesAt;
    if (stretch.opensAt > instant) return undefined;
  }
  return undefined;
}

/** The next time the service point opens after the instant (not counting a stretch already under way). */
export function nextOpeningAfter(calendar: ServicePointCalendar, instant: Date): Date | undefined {
  for (const stretch of openStretches(calendar, localDateOf(calendar, instant), 'next')) {
    if (stretch.opensAt > instant) return stretch.opensAt;
  }
  return undefined;
}

/** The instant itself when open, otherwise the next opening: where an hourly loan's clock resumes. */
export function nextOpenTime(calendar: ServicePointCalendar, instant: Date): Date | undefined {
  return isOpenAt(calendar, instant) ? instant : nextOpeningAfter(calendar, instant);
}

/** The last time the service point closed at or before the instant: where an hourly loan due after hours is pulled back to. */
export function lastClosingBefore(calendar: ServicePointCalendar, instant: Date): Date | undefined {
  for (const stretch of openStretches(calendar, localDateOf(calendar, instant), 'previous')) {
    if (stretch.closesAt <= instant) return stretch.closesAt;
  }
  return undefined;
}

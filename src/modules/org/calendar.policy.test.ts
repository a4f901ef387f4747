import { describe, expect, it } from 'vitest';
import {
  closingTimeOf,
  dayScheduleOf,
  endOfNextOpenDay,
  endOfPreviousOpenDay,
  isOpenAt,
  lastClosingBefore,
  nextOpenDay,
  nextOpeningAfter,
  nextOpenTime,
  openingHoursOn,
  type ServicePointCalendar,
  type WeeklyHours,
} from './calendar.policy.ts';

const at = (iso: string) => new Date(iso);
const everyDay = (opensAt: string, closesAt: string): WeeklyHours[] => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt, closesAt }));

/** A college library in Los Angeles: weekdays 08:00–20:00, Saturday split 10–12 and 13–17, closed Sunday. */
const campusLibrary: ServicePointCalendar = {
  timeZone: 'America/Los_Angeles',
  hours: [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '20:00' })),
    { weekday: 6, opensAt: '10:00', closesAt: '12:00' },
    { weekday: 6, opensAt: '13:00', closesAt: '17:00' },
  ],
  exceptions: [
    { name: 'Thanksgiving', kind: 'closed', startDate: '2026-11-26', endDate: '2026-11-26' },
    { name: 'Day after Thanksgiving', kind: 'special-hours', startDate: '2026-11-27', endDate: '2026-11-27', opensAt: '10:00', closesAt: '16:00' },
  ],
};

/** Open 08:00–20:00 every day, to see both daylight-saving Sundays. */
const sevenDayLibrary: ServicePointCalendar = { timeZone: 'America/Los_Angeles', hours: everyDay('08:00', '20:00'), exceptions: [] };

describe('a library open 08:00–20:00 local across daylight-saving changes (Los Angeles)', () => {
  it.each([
    ['the Saturday before spring forward, 07:30 PST', '2026-03-07T15:30:00Z', false],
    ['the Saturday before spring forward, 08:30 PST', '2026-03-07T16:30:00Z', true],
    ['spring-forward Sunday, 08:30 PDT (UTC-7)', '2026-03-08T15:30:00Z', true],
    ['spring-forward Sunday, 09:30 PDT', '2026-03-08T16:30:00Z', true],
    ['spring-forward Sunday, 07:30 PDT', '2026-03-08T14:30:00Z', false],
    ['spring-forward Sunday, 19:59 PDT', '2026-03-09T02:59:00Z', true],
    ['spring-forward Sunday, 20:00 PDT: closed', '2026-03-09T03:00:00Z', false],
    ['the Saturday before fall back, 08:30 PDT', '2026-10-31T15:30:00Z', true],
    ['fall-back Sunday, 07:30 PST (UTC-8)', '2026-11-01T15:30:00Z', false],
    ['fall-back Sunday, 08:00 PST', '2026-11-01T16:00:00Z', true],
    ['fall-back Sunday, 19:30 PST', '2026-11-02T03:30:00Z', true],
    ['fall-back Sunday, 20:00 PST: closed', '2026-11-02T04:00:00Z', false],
  ])('%s → open: %s', (_case, instant, open) => {
    expect(isOpenAt(sevenDayLibrary, at(instant))).toBe(open);
  });

  it('gives the local day its real instants on both change days', () => {
    expect(openingHoursOn(sevenDayLibrary, '2026-03-08')).toEqual([{ opensAt: at('2026-03-08T15:00:00Z'), closesAt: at('2026-03-09T03:00:00Z') }]);
    expect(openingHoursOn(sevenDayLibrary, '2026-11-01')).toEqual([{ opensAt: at('2026-11-01T16:00:00Z'), closesAt: at('2026-11-02T04:00:00Z') }]);
  });
});

describe('holidays and special hours (Thanksgiving 2026)', () => {
  it('is closed all of Thanksgiving Day, which would otherwise be a Thursday like any other', () => {
    expect(openingHoursOn(campusLibrary, '2026-11-26')).toEqual([]);
    expect(isOpenAt(campusLibrary, at('2026-11-26T19:00:00Z'))).toBe(false);
    expect(dayScheduleOf(campusLibrary, '2026-11-26').exception?.name).toBe('Thanksgiving');
  });

  it('opens 10:00–16:00 PST the day after, instead of the usual Friday hours', () => {
    expect(openingHoursOn(campusLibrary, '2026-11-27')).toEqual([{ opensAt: at('2026-11-27T18:00:00Z'), closesAt: at('2026-11-28T00:00:00Z') }]);
    expect(isOpenAt(campusLibrary, at('2026-11-27T17:00:00Z'))).toBe(false);
    expect(isOpenAt(campusLibrary, at('2026-11-27T23:59:00Z'))).toBe(true);
  });

  it('moves a day loan due on Thanksgiving back to Wednesday 20:00 or on to Friday 16:00', () => {
    expect(endOfPreviousOpenDay(campusLibrary, '2026-11-26')).toEqual(at('2026-11-26T04:00:00Z'));
    expect(endOfNextOpenDay(campusLibrary, '2026-11-26')).toEqual(at('2026-11-28T00:00:00Z'));
  });

  it('finds the next opening after closing on Wednesday night: Friday 10:00', () => {
    expect(nextOpeningAfter(campusLibrary, at('2026-11-26T05:00:00Z'))).toEqual(at('2026-11-27T18:00:00Z'));
    expect(nextOpenTime(campusLibrary, at('2026-11-26T19:00:00Z'))).toEqual(at('2026-11-27T18:00:00Z'));
  });

  it('lets a one-day reopening inside a longer closure win', () => {
    const winterBreak: ServicePointCalendar = {
      ...campusLibrary,
      exceptions: [
        { name: 'Winter break', kind: 'closed', startDate: '2026-12-19', endDate: '2027-01-03' },
        { name: 'Grades due', kind: 'special-hours', startDate: '2026-12-22', endDate: '2026-12-22', opensAt: '09:00', closesAt: '13:00' },
      ],
    };
    expect(openingHoursOn(winterBreak, '2026-12-21')).toEqual([]);
    expect(openingHoursOn(winterBreak, '2026-12-22')).toHaveLength(1);
    expect(nextOpenDay(winterBreak, '2026-12-22', 'next')).toBe('2027-01-04');
    expect(nextOpenDay(winterBreak, '2026-12-22', 'previous')).toBe('2026-12-18');
  });
});

describe('split hours', () => {
  const saturday = '2026-11-21';
  it('is closed over the Saturday lunch hour and open either side', () => {
    expect(openingHoursOn(campusLibrary, saturday)).toHaveLength(2);
    expect(isOpenAt(campusLibrary, at('2026-11-21T19:30:00Z'))).toBe(true); // 11:30 PST
    expect(isOpenAt(campusLibrary, at('2026-11-21T20:30:00Z'))).toBe(false); // 12:30 PST
    expect(isOpenAt(campusLibrary, at('2026-11-21T21:30:00Z'))).toBe(true); // 13:30 PST
  });

  it('closes at 12:00 for lunch, reopens at 13:00', () => {
    expect(closingTimeOf(campusLibrary, at('2026-11-21T19:30:00Z'))).toEqual(at('2026-11-21T20:00:00Z'));
    expect(nextOpenTime(campusLibrary, at('2026-11-21T20:30:00Z'))).toEqual(at('2026-11-21T21:00:00Z'));
    expect(lastClosingBefore(campusLibrary, at('2026-11-21T20:30:00Z'))).toEqual(at('2026-11-21T20:00:00Z'));
  });

  it('answers the instant itself as the next open time when already open', () => {
    expect(nextOpenTime(campusLibrary, at('2026-11-21T19:30:00Z'))).toEqual(at('2026-11-21T19:30:00Z'));
  });

  it('looks back over a closed Sunday to Saturday 17:00 for the last closing', () => {
    expect(lastClosingBefore(campusLibrary, at('2026-11-22T20:00:00Z'))).toEqual(at('2026-11-22T01:00:00Z'));
  });
});

describe('late nights until 24:00', () => {
  const finalsWeek: ServicePointCalendar = {
    timeZone: 'America/New_York',
    hours: [
      { weekday: 4, opensAt: '08:00', closesAt: '24:00' },
      { weekday: 5, opensAt: '00:00', closesAt: '02:00' },
      { weekday: 5, opensAt: '08:00', closesAt: '18:00' },
    ],
    exceptions: [],
  };

  it('treats 24:00 as the next midnight', () => {
    expect(openingHoursOn(finalsWeek, '2026-12-10')).toEqual([{ opensAt: at('2026-12-10T13:00:00Z'), closesAt: at('2026-12-11T05:00:00Z') }]);
    expect(isOpenAt(finalsWeek, at('2026-12-11T04:59:00Z'))).toBe(true);
  });

  it('runs Thursday evening on into Friday 02:00 as one open stretch', () => {
    expect(closingTimeOf(finalsWeek, at('2026-12-11T03:00:00Z'))).toEqual(at('2026-12-11T07:00:00Z'));
    expect(nextOpeningAfter(finalsWeek, at('2026-12-11T03:00:00Z'))).toEqual(at('2026-12-11T13:00:00Z'));
  });

  it('keeps weekly rows within their valid dates', () => {
    const summer: ServicePointCalendar = {
      timeZone: 'America/New_York',
      hours: [
        { weekday: 1, opensAt: '08:00', closesAt: '20:00', validTo: '2026-05-31' },
        { weekday: 1, opensAt: '10:00', closesAt: '16:00', validFrom: '2026-06-01' },
      ],
      exceptions: [],
    };
    expect(openingHoursOn(summer, '2026-05-25')[0]?.opensAt).toEqual(at('2026-05-25T12:00:00Z'));
    expect(openingHoursOn(summer, '2026-06-08')[0]?.opensAt).toEqual(at('2026-06-08T14:00:00Z'));
  });
});

describe('a service point that is never open', () => {
  const never: ServicePointCalendar = { timeZone: 'Europe/London', hours: [], exceptions: [] };
  it('gives up after a year rather than searching forever', () => {
    expect(nextOpenDay(never, '2026-11-28', 'next')).toBeUndefined();
    expect(endOfPreviousOpenDay(never, '2026-11-28')).toBeUndefined();
    expect(nextOpenTime(never, at('2026-11-28T12:00:00Z'))).toBeUndefined();
    expect(closingTimeOf(never, at('2026-11-28T12:00:00Z'))).toBeUndefined();
    expect(lastClosingBefore(never, at('2026-11-28T12:00:00Z'))).toBeUndefined();
  });

  it('has no closing time when open around the clock', () => {
    const always: ServicePointCalendar = { timeZone: 'Europe/London', hours: everyDay('00:00', '24:00'), exceptions: [] };
    expect(isOpenAt(always, at('2026-11-28T12:00:00Z'))).toBe(true);
    expect(closingTimeOf(always, at('2026-11-28T12:00:00Z'))).toBeUndefined();
  });
});

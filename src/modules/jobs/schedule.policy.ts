import { DateTime } from 'luxon';

/**
 * Whether a daily job is due: the institution's local wall-clock time has reached the job's
 * time and today's run has not been claimed. Comparing wall-clock minutes keeps DST simple: on
 * the spring-forward day a 02:00 job runs at 03:00 (02:xx never happens), and on the fall-back
 * day the repeated hour cannot run it twice because the day's claim already exists.
 */
export function isDailyJobDue(now: Date, timeZone: string, dailyAt: string, claimedToday: boolean): boolean {
  if (claimedToday) return false;
  return minutesOfLocalDay(now, timeZone) >= minutesOfDailyTime(dailyAt);
}

export function minutesOfLocalDay(now: Date, timeZone: string): number {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new Error(`Unknown time zone: ${timeZone}`);
  return local.hour * 60 + local.minute;
}

export function minutesOfDailyTime(dailyAt: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(dailyAt);
  if (!match) throw new Error(`Bad daily job time ${dailyAt}: expected HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

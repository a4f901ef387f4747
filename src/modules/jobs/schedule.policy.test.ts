import { describe, expect, it } from 'vitest';
import { isDailyJobDue, minutesOfDailyTime } from './schedule.policy.ts';

const zone = 'America/Los_Angeles';

describe('when a daily job is due (library time, America/Los_Angeles)', () => {
  it('is due from its local time onward, not before', () => {
    // 2026-11-02 is PST (UTC-8): 13:59Z is 05:59 local, 14:00Z is 06:00 local
    expect(isDailyJobDue(new Date('2026-11-02T13:59:00Z'), zone, '06:00', false)).toBe(false);
    expect(isDailyJobDue(new Date('2026-11-02T14:00:00Z'), zone, '06:00', false)).toBe(true);
    expect(isDailyJobDue(new Date('2026-11-03T07:59:00Z'), zone, '06:00', false)).toBe(true);
  });

  it('is never due once the day is claimed', () => {
    expect(isDailyJobDue(new Date('2026-11-02T20:00:00Z'), zone, '06:00', true)).toBe(false);
  });

  it('follows local time, not UTC, just after local midnight', () => {
    // 08:35Z on 2 November is 00:35 local: fine accrual (00:30) is due, aged to lost (01:00) is not
    expect(isDailyJobDue(new Date('2026-11-02T08:35:00Z'), zone, '00:30', false)).toBe(true);
    expect(isDailyJobDue(new Date('2026-11-02T08:35:00Z'), zone, '01:00', false)).toBe(false);
  });

  it('keeps 06:00 local across the spring change to daylight time', () => {
    // 2026-03-08: clocks go 02:00 PST → 03:00 PDT; 06:00 PDT is 13:00Z
    expect(isDailyJobDue(new Date('2026-03-08T12:59:00Z'), zone, '06:00', false)).toBe(false);
    expect(isDailyJobDue(new Date('2026-03-08T13:00:00Z'), zone, '06:00', false)).toBe(true);
  });

  it('runs a 02:00 job at 03:00 on the spring-forward day, when 02:xx never happens', () => {
    // 09:59Z is 01:59 PST; one minute later it is 03:00 PDT
    expect(isDailyJobDue(new Date('2026-03-08T09:59:00Z'), zone, '02:00', false)).toBe(false);
    expect(isDailyJobDue(new Date('2026-03-08T10:00:00Z'), zone, '02:00', false)).toBe(true);
  });

  it('does not run a 01:00 job twice in the repeated hour of the autumn change', () => {
    // 2026-11-01: 01:00 PDT (08:00Z) and again 01:00 PST (09:00Z)
    expect(isDailyJobDue(new Date('2026-11-01T07:59:00Z'), zone, '01:00', false)).toBe(false);
    expect(isDailyJobDue(new Date('2026-11-01T08:00:00Z'), zone, '01:00', false)).toBe(true);
    expect(isDailyJobDue(new Date('2026-11-01T09:00:00Z'), zone, '01:00', true)).toBe(false);
    // 06:00 PST on the change day is 14:00Z, not 13:00Z
    expect(isDailyJobDue(new Date('2026-11-01T13:30:00Z'), zone, '06:00', false)).toBe(false);
    expect(isDailyJobDue(new Date('2026-11-01T14:00:00Z'), zone, '06:00', false)).toBe(true);
  });

  it('refuses a malformed job time', () => {
    expect(() => minutesOfDailyTime('6:00')).toThrow();
    expect(() => minutesOfDailyTime('24:00')).toThrow();
    expect(minutesOfDailyTime('00:30')).toBe(30);
  });
});

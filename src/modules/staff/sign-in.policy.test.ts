import { describe, expect, it } from 'vitest';
import { afterFailedSignIn, isLocked, sessionExpiry } from './sign-in.policy.ts';

const at = (time: string) => new Date(`2026-11-02T${time}Z`);

describe('staff sign-in pause after wrong passwords', () => {
  it.each([
    { case: 'a first wrong password counts one', previous: undefined, now: '09:00:00', expected: { failures: 1, firstFailedAt: '2026-11-02T09:00:00.000Z', lockedUntil: null } },
    { case: 'a fourth within 15 minutes counts four', previous: { failures: 3, firstFailedAt: '2026-11-02T09:00:00.000Z', lockedUntil: null }, now: '09:10:00', expected: { failures: 4, firstFailedAt: '2026-11-02T09:00:00.000Z', lockedUntil: null } },
    { case: 'the fifth pauses sign-in for 15 minutes', previous: { failures: 4, firstFailedAt: '2026-11-02T09:00:00.000Z', lockedUntil: null }, now: '09:14:00', expected: { failures: 0, firstFailedAt: '2026-11-02T09:14:00.000Z', lockedUntil: '2026-11-02T09:29:00.000Z' } },
    { case: 'wrong passwords spread over more than 15 minutes start again from one', previous: { failures: 4, firstFailedAt: '2026-11-02T09:00:00.000Z', lockedUntil: null }, now: '09:16:00', expected: { failures: 1, firstFailedAt: '2026-11-02T09:16:00.000Z', lockedUntil: null } },
  ])('$case', ({ previous, now, expected }) => {
    expect(afterFailedSignIn(previous, at(now))).toEqual(expected);
  });

  it('is paused until the end, not after', () => {
    expect(isLocked('2026-11-02T09:29:00.000Z', at('09:28:59'))).toBe(true);
    expect(isLocked('2026-11-02T09:29:00.000Z', at('09:29:00'))).toBe(false);
    expect(isLocked(null, at('09:00:00'))).toBe(false);
  });
});

describe('staff session expiry', () => {
  it.each([
    { case: 'just signed in: 12 idle hours, within a 12-hour day', createdAt: '08:00:00', usedAt: '08:00:00', maxHours: 12, expected: '2026-11-02T20:00:00.000Z' },
    { case: 'used at noon on a 12-hour day: still ends at 20:00', createdAt: '08:00:00', usedAt: '12:00:00', maxHours: 12, expected: '2026-11-02T20:00:00.000Z' },
    { case: 'a 3-hour limit ends at 11:00 however busy', createdAt: '08:00:00', usedAt: '10:59:00', maxHours: 3, expected: '2026-11-02T11:00:00.000Z' },
    { case: 'a 24-hour limit lets the idle hours slide', createdAt: '00:00:00', usedAt: '06:00:00', maxHours: 24, expected: '2026-11-02T18:00:00.000Z' },
  ])('$case', ({ createdAt, usedAt, maxHours, expected }) => {
    expect(sessionExpiry(at(createdAt), at(usedAt), maxHours).toISOString()).toBe(expected);
  });
});

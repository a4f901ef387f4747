import { describe, expect, it } from 'vitest';
import { isPinLocked, pinFailureOutcome } from './patron-pin.service.ts';

describe('patron PIN lockout', () => {
  const now = new Date('2026-06-01T19:00:00Z');

  it.each([
    [0, 1, null],
    [3, 4, null],
    [4, 0, '2026-06-01T19:15:00.000Z'],
  ])('after %i wrong PINs, one more makes %i and locks until %s', (before, after, lockedUntil) => {
    expect(pinFailureOutcome(before, now)).toEqual({ failedAttempts: after, lockedUntil });
  });

  it('is locked until the instant passes', () => {
    expect(isPinLocked('2026-06-01T19:15:00.000Z', now)).toBe(true);
    expect(isPinLocked('2026-06-01T19:00:00.000Z', now)).toBe(false);
    expect(isPinLocked(null, now)).toBe(false);
  });
});

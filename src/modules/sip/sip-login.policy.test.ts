import { describe, expect, it } from 'vitest';
import { afterFailedLogin, isLoginLocked, sipAccountLockout, sipAddressLockout } from './sip-login.policy.ts';

const now = new Date('2026-06-01T19:00:00Z');

describe('SIP2 login lockout', () => {
  it.each([
    ['the first wrong password', 0, { failures: 1, lockedUntil: null }],
    ['the fourth wrong password in a row', 3, { failures: 4, lockedUntil: null }],
    ['the fifth locks the account for 15 minutes and starts the count again', 4, { failures: 0, lockedUntil: '2026-06-01T19:15:00.000Z' }],
  ])('an account: %s', (_case, previous, expected) => {
    expect(afterFailedLogin(previous, now, sipAccountLockout)).toEqual(expected);
  });

  it.each([
    ['the nineteenth failed login from one address', 18, { failures: 19, lockedUntil: null }],
    ['the twentieth locks the address for 15 minutes', 19, { failures: 0, lockedUntil: '2026-06-01T19:15:00.000Z' }],
  ])('a client address: %s', (_case, previous, expected) => {
    expect(afterFailedLogin(previous, now, sipAddressLockout)).toEqual(expected);
  });

  it.each([
    ['never locked', null, false],
    ['locked until a minute from now', '2026-06-01T19:01:00.000Z', true],
    ['a lock that ended a minute ago', '2026-06-01T18:59:00.000Z', false],
    ['a lock that ends right now', '2026-06-01T19:00:00.000Z', false],
  ])('%s', (_case, lockedUntil, locked) => {
    expect(isLoginLocked(lockedUntil, now)).toBe(locked);
  });
});

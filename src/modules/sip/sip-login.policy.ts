/**
 * The SIP2 login (93) lockout, as staff sign-in has one: wrong passwords in a row lock an account, and
 * failed logins from one client address lock that address, each for a while. Pure: `now` is a parameter.
 * A kiosk's password never changes by itself, so a handful of failures is already a mistake or a guess.
 */
export interface LoginLockout {
  maxFailures: number;
  lockMinutes: number;
}

export const sipAccountLockout: LoginLockout = { maxFailures: 5, lockMinutes: 15 };
/** Higher than the account's: several kiosks may sit behind one address, and unknown usernames count here. */
export const sipAddressLockout: LoginLockout = { maxFailures: 20, lockMinutes: 15 };

export function isLoginLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && new Date(lockedUntil).getTime() > now.getTime();
}

export function lockEndsAt(now: Date, lockout: LoginLockout): string {
  return new Date(now.getTime() + lockout.lockMinutes * 60_000).toISOString();
}

/** After one more failure: the new count and, when it reaches the limit, the end of the lock (the count starts again). */
export function afterFailedLogin(previousFailures: number, now: Date, lockout: LoginLockout): { failures: number; lockedUntil: string | null } {
  const failures = previousFailures + 1;
  if (failures < lockout.maxFailures) return { failures, lockedUntil: null };
  return { failures: 0, lockedUntil: lockEndsAt(now, lockout) };
}

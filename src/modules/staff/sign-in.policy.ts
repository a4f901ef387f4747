/**
 * Staff sign-in pause: after this many wrong passwords for one username from one client address
 * (within the pause's length of each other), that username rests at that address for a while.
 * Other addresses are not affected, so guessing from one place cannot lock a colleague out.
 */
export const signInLockout = { maxFailures: 5, lockMinutes: 15 } as const;

export interface SignInFailures {
  failures: number;
  firstFailedAt: string;
  lockedUntil: string | null;
}

export function isLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && new Date(lockedUntil).getTime() > now.getTime();
}

/** After one more wrong password: the new count and, when it reaches the limit, the pause's end. */
export function afterFailedSignIn(previous: SignInFailures | undefined, now: Date): SignInFailures {
  const windowMs = signInLockout.lockMinutes * 60_000;
  const fresh = !previous || now.getTime() - new Date(previous.firstFailedAt).getTime() > windowMs;
  const failures = fresh ? 1 : previous.failures + 1;
  const firstFailedAt = fresh ? now.toISOString() : previous.firstFailedAt;
  if (failures < signInLockout.maxFailures) return { failures, firstFailedAt, lockedUntil: null };
  return { failures: 0, firstFailedAt: now.toISOString(), lockedUntil: new Date(now.getTime() + windowMs).toISOString() };
}

/** A session slides while in use (this long after the last request), up to the absolute limit after sign-in. */
export const sessionIdleHours = 12;

export function sessionExpiry(createdAt: Date, usedAt: Date, maxHours: number): Date {
  return new Date(Math.min(usedAt.getTime() + sessionIdleHours * 3_600_000, createdAt.getTime() + maxHours * 3_600_000));
}

/** Sign-in attempts one network address may make per minute, whatever the usernames: a desk never needs more. */
export const signInAttemptsPerMinute = 60;

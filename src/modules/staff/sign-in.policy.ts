/** Staff sign-in lockout: after this many wrong passwords in a row the account rests for a while. */
export const signInLockout = { maxFailures: 5, lockMinutes: 15 } as const;

export function isLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && new Date(lockedUntil).getTime() > now.getTime();
}

/** After one more wrong password: the new failure count and, when it reaches the limit, the lock's end. */
export function afterFailedSignIn(previousFailures: number, now: Date): { failures: number; lockedUntil: string | null } {
  const failures = previousFailures + 1;
  if (failures < signInLockout.maxFailures) return { failures, lockedUntil: null };
  return { failures: 0, lockedUntil: new Date(now.getTime() + signInLockout.lockMinutes * 60_000).toISOString() };
}

export const sessionLifetimeHours = 12;

/** Sign-in attempts one network address may make per minute, whatever the usernames: a desk never needs more. */
export const signInAttemptsPerMinute = 60;

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { verifyAgainstDummy, verifySecret } from '../staff/index.ts';
import { clearPinFailures, countWrongPin, endPortalSessionsOfPatron, pinStateOfPatron, setPinLockout } from './patron-pin.queries.ts';

/**
 * Patron PIN checks with a lockout, shared by every place a patron proves who they are (SIP2 kiosks,
 * later the portal): five wrong PINs in a row lock the PIN for fifteen minutes; a right PIN resets
 * the count. An unknown patron, a patron without a PIN and a wrong PIN all cost one argon2 check,
 * so timing does not tell them apart.
 */
export const pinAttemptsBeforeLockout = 5;
export const pinLockoutMinutes = 15;

export type PinCheck = 'valid' | 'invalid' | 'locked';

/** Pure: the lockout after one more wrong PIN. */
export function pinFailureOutcome(failedBefore: number, now: Date): { failedAttempts: number; lockedUntil: string | null } {
  const failedAttempts = failedBefore + 1;
  if (failedAttempts < pinAttemptsBeforeLockout) return { failedAttempts, lockedUntil: null };
  return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + pinLockoutMinutes * 60_000).toISOString() };
}

export function isPinLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && new Date(lockedUntil).getTime() > now.getTime();
}

/** Check a patron's PIN (patronId undefined: unknown patron, answered 'invalid' after the same work). */
export async function checkPatronPin(db: Kysely<Database>, clock: Clock, institutionId: string, patronId: string | undefined, pin: string): Promise<PinCheck> {
  const row = patronId ? await pinStateOfPatron(db, institutionId, patronId) : undefined;
  if (!row || row.pin_hash === null) {
    await verifyAgainstDummy(pin);
    return 'invalid';
  }
  const now = clock.now();
  if (isPinLocked(row.pin_locked_until, now)) {
    await verifyAgainstDummy(pin);
    return 'locked';
  }
  if (await verifySecret(row.pin_hash, pin)) {
    if (row.pin_failed_attempts > 0 || row.pin_locked_until !== null) {
      await clearPinFailures(db, row.id);
    }
    return 'valid';
  }
  const failedAttempts = await countWrongPin(db, row.id);
  if (failedAttempts >= pinAttemptsBeforeLockout) {
    const outcome = pinFailureOutcome(failedAttempts - 1, now);
    await setPinLockout(db, row.id, outcome.failedAttempts, outcome.lockedUntil);
    return 'locked';
  }
  return 'invalid';
}

/**
 * A PIN given at the desk starts afresh: wrong tries forgotten, the lock lifted, and every portal
 * session signed in with the old PIN ended (whoever knew it is out) but the one the patron changed it from.
 * Runs inside the caller's transaction.
 */
export async function startPinAfresh(trx: Kysely<Database>, patronId: string, keepPortalSessionId?: string): Promise<void> {
  await clearPinFailures(trx, patronId);
  await endPortalSessionsOfPatron(trx, patronId, keepPortalSessionId);
}

/** Staff lift a PIN lock (the patron proved who they are at the desk); audited with the lock it ended. */
export async function clearPinLock(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string): Promise<{ pinLockedUntil: null }> {
  await db.transaction().execute(async (trx) => {
    const row = await pinStateOfPatron(trx, actor.institutionId, patronId);
    if (!row) throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.', { patronId });
    await clearPinFailures(trx, patronId);
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'patron.pin-lock-cleared',
      entityType: 'patron',
      entityId: patronId,
      before: { pinLockedUntil: row.pin_locked_until, wrongPinTries: row.pin_failed_attempts },
      after: { pinLockedUntil: null, wrongPinTries: 0 },
    });
  });
  return { pinLockedUntil: null };
}

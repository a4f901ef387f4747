import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A patron's PIN and its lockout counters. */

export async function pinStateOfPatron(db: Kysely<Database>, institutionId: string, patronId: string) {
  return db
    .selectFrom('patron')
    .select(['id', 'pin_hash', 'pin_failed_attempts', 'pin_locked_until'])
    .where('institution_id', '=', institutionId)
    .where('id', '=', patronId)
    .executeTakeFirst();
}

export async function clearPinFailures(db: Kysely<Database>, patronId: string): Promise<void> {
  await db.updateTable('patron').set({ pin_failed_attempts: 0, pin_locked_until: null }).where('id', '=', patronId).execute();
}

/** One more wrong PIN, counted in SQL so concurrent wrong PINs from several kiosks all count; answers the new count. */
export async function countWrongPin(db: Kysely<Database>, patronId: string): Promise<number> {
  await db
    .updateTable('patron')
    .set((eb) => ({ pin_failed_attempts: eb('pin_failed_attempts', '+', 1) }))
    .where('id', '=', patronId)
    .execute();
  const after = await db.selectFrom('patron').select('pin_failed_attempts').where('id', '=', patronId).executeTakeFirstOrThrow();
  return after.pin_failed_attempts;
}

export async function setPinLockout(db: Kysely<Database>, patronId: string, failedAttempts: number, lockedUntil: string | null): Promise<void> {
  await db.updateTable('patron').set({ pin_failed_attempts: failedAttempts, pin_locked_until: lockedUntil }).where('id', '=', patronId).execute();
}

export async function setPinHash(db: Kysely<Database>, patronId: string, pinHash: string, at: string): Promise<void> {
  await db.updateTable('patron').set({ pin_hash: pinHash, updated_at: at }).where('id', '=', patronId).execute();
}

/**
 * Ends the patron's portal sessions but one. The portal's table, written here because the portal sits
 * above patrons (it may not be imported from here) and the PIN change must end them in its own transaction.
 */
export async function endPortalSessionsOfPatron(db: Kysely<Database>, patronId: string, keepPortalSessionId?: string): Promise<void> {
  let sessions = db.deleteFrom('portal_session').where('patron_id', '=', patronId);
  if (keepPortalSessionId) sessions = sessions.where('id', '!=', keepPortalSessionId);
  await sessions.execute();
}

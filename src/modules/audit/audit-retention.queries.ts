import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Deletes up to `limit` of the institution's audit events that happened before `before`; answers how many it
 * found (0: none left) and how many went (fewer when another node deleted some first).
 */
export async function deleteAuditEventsBefore(db: Kysely<Database>, institutionId: string, before: string, limit: number): Promise<{ found: number; deleted: number }> {
  const ids = await db
    .selectFrom('audit_event')
    .select('id')
    .where('institution_id', '=', institutionId)
    .where('occurred_at', '<', before)
    .limit(limit)
    .execute();
  if (ids.length === 0) return { found: 0, deleted: 0 };
  const removed = await db.deleteFrom('audit_event').where('id', 'in', ids.map((row) => row.id)).executeTakeFirst();
  return { found: ids.length, deleted: Number(removed.numDeletedRows) };
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ItemStatus } from './item-status.ts';

/**
 * Change an item's status only if it still has the status the caller read, so two desks racing
 * cannot corrupt it; false when it had changed meanwhile. Runs in the caller's transaction
 * (a request paging a copy, a hold passing an item on).
 */
export async function changeItemStatus(db: Kysely<Database>, itemId: string, from: ItemStatus, to: ItemStatus, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('item')
    .set({ status: to, status_changed_at: at.toISOString(), updated_at: at.toISOString() })
    .where('id', '=', itemId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

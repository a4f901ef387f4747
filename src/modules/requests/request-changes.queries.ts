import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL of the staff changes to placed requests (request-changes.service.ts). */

/** A request with what a change needs to know of it (its item's status is read through the catalog). */
export async function findRequestForChange(trx: Kysely<Database>, institutionId: string, requestId: string) {
  return trx
    .selectFrom('request')
    .select(['id', 'type', 'level', 'status', 'patron_id', 'item_id', 'instance_id', 'pickup_service_point_id', 'queue_position'])
    .where('institution_id', '=', institutionId)
    .where('id', '=', requestId)
    .executeTakeFirst();
}

/** The request now waits for this copy, at this place in its queue (a move also makes it item-level). */
export async function setRequestCopy(trx: Kysely<Database>, requestId: string, copy: { itemId: string; queuePosition: number; level?: 'item' }, now: Date): Promise<void> {
  await trx
    .updateTable('request')
    .set({ ...(copy.level ? { level: copy.level } : {}), item_id: copy.itemId, queue_position: copy.queuePosition, updated_at: now.toISOString() })
    .where('id', '=', requestId)
    .execute();
}

export async function setQueuePosition(trx: Kysely<Database>, requestId: string, position: number, now: Date): Promise<void> {
  await trx.updateTable('request').set({ queue_position: position, updated_at: now.toISOString() }).where('id', '=', requestId).execute();
}

export async function setRequestPickup(trx: Kysely<Database>, requestId: string, servicePointId: string, now: Date): Promise<void> {
  await trx.updateTable('request').set({ pickup_service_point_id: servicePointId, updated_at: now.toISOString() }).where('id', '=', requestId).execute();
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL of the staff changes to placed requests (request-changes.service.ts). */

/** A request with what a change needs to know of it and of its item's status. */
export async function findRequestForChange(trx: Kysely<Database>, institutionId: string, requestId: string) {
  return trx
    .selectFrom('request')
    .leftJoin('item', 'item.id', 'request.item_id')
    .select(['request.id', 'request.type', 'request.level', 'request.status', 'request.item_id', 'request.instance_id', 'request.pickup_service_point_id', 'request.queue_position', 'item.status as item_status'])
    .where('request.institution_id', '=', institutionId)
    .where('request.id', '=', requestId)
    .executeTakeFirst();
}

export async function findCopyByBarcode(trx: Kysely<Database>, institutionId: string, barcode: string) {
  return trx.selectFrom('item').select(['id', 'status', 'instance_id']).where('institution_id', '=', institutionId).where('barcode', '=', barcode).executeTakeFirst();
}

export async function itemExists(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<boolean> {
  return (await trx.selectFrom('item').select('id').where('institution_id', '=', institutionId).where('id', '=', itemId).executeTakeFirst()) !== undefined;
}

export async function instanceExists(trx: Kysely<Database>, institutionId: string, instanceId: string): Promise<boolean> {
  return (await trx.selectFrom('instance').select('id').where('institution_id', '=', institutionId).where('id', '=', instanceId).executeTakeFirst()) !== undefined;
}

/** The title's first copy on the shelf, by barcode, or undefined. */
export async function firstCopyOnShelf(trx: Kysely<Database>, institutionId: string, instanceId: string): Promise<{ id: string } | undefined> {
  return trx.selectFrom('item').select('id').where('institution_id', '=', institutionId).where('instance_id', '=', instanceId).where('status', '=', 'available').orderBy('barcode').executeTakeFirst();
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

export async function findPickupCandidate(trx: Kysely<Database>, institutionId: string, servicePointId: string) {
  return trx.selectFrom('service_point').select(['id', 'is_pickup_point']).where('institution_id', '=', institutionId).where('id', '=', servicePointId).executeTakeFirst();
}

export async function setRequestPickup(trx: Kysely<Database>, requestId: string, servicePointId: string, now: Date): Promise<void> {
  await trx.updateTable('request').set({ pickup_service_point_id: servicePointId, updated_at: now.toISOString() }).where('id', '=', requestId).execute();
}

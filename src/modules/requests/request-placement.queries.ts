import type { Kysely } from 'kysely';
import type { Database, RequestType } from '../../db/schema.ts';
import { openRequestStatuses } from './request-queue.queries.ts';

/** SQL of placing a request (request.service.ts): what the decision reads of the patron and desk, and the new request row. */

/** The service point named for pickup: whether it is one, and its code for the request policy's list. */
export async function findPickupDesk(db: Kysely<Database>, institutionId: string, servicePointId: string) {
  return db.selectFrom('service_point').select(['id', 'code', 'is_pickup_point']).where('institution_id', '=', institutionId).where('id', '=', servicePointId).executeTakeFirst();
}

/** The patron's blocks that stop requests (active or not; the policy asks which are active). */
export async function requestBlocksOf(db: Kysely<Database>, institutionId: string, patronId: string) {
  return db.selectFrom('patron_block').select(['reason', 'expires_at']).where('institution_id', '=', institutionId).where('patron_id', '=', patronId).where('blocks_requests', '=', true).execute();
}

/** The patron's open requests: how many, and on what (a second request for the same item or title is refused). */
export async function openRequestsOfPatronFor(db: Kysely<Database>, institutionId: string, patronId: string) {
  return db.selectFrom('request').select(['item_id', 'instance_id', 'level']).where('institution_id', '=', institutionId).where('patron_id', '=', patronId).where('status', 'in', openRequestStatuses).execute();
}

export interface NewRequest {
  id: string;
  institutionId: string;
  type: RequestType;
  level: 'item' | 'title';
  patronId: string;
  itemId: string | null;
  instanceId: string;
  pickupServicePointId: string;
  notNeededAfter: string | null;
  queuePosition: number;
  createdBy: string | null;
}

export async function insertRequest(db: Kysely<Database>, request: NewRequest, now: Date): Promise<void> {
  await db
    .insertInto('request')
    .values({
      id: request.id,
      institution_id: request.institutionId,
      type: request.type,
      level: request.level,
      patron_id: request.patronId,
      item_id: request.itemId,
      instance_id: request.instanceId,
      pickup_service_point_id: request.pickupServicePointId,
      not_needed_after: request.notNeededAfter,
      status: 'open-not-yet-filled',
      queue_position: request.queuePosition,
      created_at: now.toISOString(),
      created_by: request.createdBy,
      updated_at: now.toISOString(),
    })
    .execute();
}

import type { Kysely } from 'kysely';
import type { Database, RequestType } from '../../db/schema.ts';
import { openRequestStatuses } from './request-queue.queries.ts';

/** SQL of placing a request (request.service.ts): the patron's open requests and the new request row. */

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

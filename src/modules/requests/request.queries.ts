import type { Kysely } from 'kysely';
import type { Database, ItemStatus, RequestStatus, RequestType } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { openRequestStatuses } from './request-queue.queries.ts';


/** Reading requests: one, a filtered list, a queue. Every query is scoped to one institution. */

export interface RequestView {
  id: string;
  type: RequestType;
  level: 'item' | 'title';
  status: RequestStatus;
  queuePosition: number;
  patron: { id: string; barcode: string; lastName: string; firstName: string };
  item: { id: string; barcode: string; status: ItemStatus } | null;
  instance: { id: string; title: string };
  pickupServicePoint: { id: string; name: string };
  notNeededAfter: string | null;
  holdShelfExpiresAt: string | null;
  awaitingPickupAt: string | null;
  cancelReason: string | null;
  filledLoanId: string | null;
  createdAt: string;
}

function requestRows(db: Kysely<Database>, institutionId: string) {
  return db
    .selectFrom('request')
    .innerJoin('patron', 'patron.id', 'request.patron_id')
    .innerJoin('instance', 'instance.id', 'request.instance_id')
    .innerJoin('service_point', 'service_point.id', 'request.pickup_service_point_id')
    .leftJoin('item', 'item.id', 'request.item_id')
    .where('request.institution_id', '=', institutionId)
    .select([
      'request.id', 'request.type', 'request.level', 'request.status', 'request.queue_position', 'request.not_needed_after', 'request.hold_shelf_expires_at',
      'request.awaiting_pickup_at', 'request.cancel_reason', 'request.filled_loan_id', 'request.created_at', 'request.patron_id', 'patron.barcode as patron_barcode', 'patron.last_name', 'patron.first_name',
      'request.item_id', 'item.barcode as item_barcode', 'item.status as item_status', 'request.instance_id', 'instance.title',
      'request.pickup_service_point_id', 'service_point.name as pickup_name',
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestRows>['executeTakeFirstOrThrow']>>;

function viewOf(row: RequestRow): RequestView {
  return {
    id: row.id,
    type: row.type,
    level: row.level,
    status: row.status,
    queuePosition: Number(row.queue_position),
    patron: { id: row.patron_id, barcode: row.patron_barcode, lastName: row.last_name, firstName: row.first_name },
    item: row.item_id && row.item_barcode && row.item_status ? { id: row.item_id, barcode: row.item_barcode, status: row.item_status } : null,
    instance: { id: row.instance_id, title: row.title },
    pickupServicePoint: { id: row.pickup_service_point_id, name: row.pickup_name },
    notNeededAfter: row.not_needed_after,
    holdShelfExpiresAt: row.hold_shelf_expires_at,
    awaitingPickupAt: row.awaiting_pickup_at,
    cancelReason: row.cancel_reason,
    filledLoanId: row.filled_loan_id,
    createdAt: row.created_at,
  };
}

export async function requestView(db: Kysely<Database>, institutionId: string, requestId: string): Promise<RequestView> {
  const row = await requestRows(db, institutionId).where('request.id', '=', requestId).executeTakeFirst();
  if (!row) throw new DomainError('REQUEST_NOT_FOUND', 'There is no such request.', { requestId });
  return viewOf(row);
}

export interface RequestFilter {
  institutionId: string;
  patronId?: string | undefined;
  itemId?: string | undefined;
  instanceId?: string | undefined;
  status?: RequestStatus | undefined;
  limit: number;
  offset: number;
}

export async function listRequests(db: Kysely<Database>, filter: RequestFilter): Promise<{ items: RequestView[]; total: number }> {
  let query = requestRows(db, filter.institutionId);
  if (filter.patronId) query = query.where('request.patron_id', '=', filter.patronId);
  if (filter.itemId) query = query.where('request.item_id', '=', filter.itemId);
  if (filter.instanceId) query = query.where('request.instance_id', '=', filter.instanceId);
  if (filter.status) query = query.where('request.status', '=', filter.status);
  const total = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await query.orderBy('request.instance_id').orderBy('request.queue_position').orderBy('request.created_at').limit(filter.limit).offset(filter.offset).execute();
  return { items: rows.map(viewOf), total: Number(total.count) };
}

/** The next place at the end of an item's queue (item-level) or an instance's (title-level). */
export async function nextQueuePosition(db: Kysely<Database>, institutionId: string, queue: { itemId: string } | { instanceId: string }): Promise<number> {
  let query = db.selectFrom('request').select((eb) => eb.fn.max('queue_position').as('last')).where('institution_id', '=', institutionId);
  query = 'itemId' in queue ? query.where('level', '=', 'item').where('item_id', '=', queue.itemId) : query.where('level', '=', 'title').where('instance_id', '=', queue.instanceId);
  const row = await query.executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

/** The open item-level requests of an item, in queue order. */
export async function itemQueue(db: Kysely<Database>, institutionId: string, itemId: string): Promise<RequestView[]> {
  const rows = await requestRows(db, institutionId)
    .where('request.item_id', '=', itemId)
    .where('request.level', '=', 'item')
    .where('request.status', 'in', ['open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup'])
    .orderBy('request.queue_position')
    .orderBy('request.created_at')
    .execute();
  return rows.map(viewOf);
}

/** The open title-level requests of a title, in queue order (a copy may already be on its way to some). */
export async function titleQueue(db: Kysely<Database>, institutionId: string, instanceId: string): Promise<RequestView[]> {
  const rows = await requestRows(db, institutionId)
    .where('request.instance_id', '=', instanceId)
    .where('request.level', '=', 'title')
    .where('request.status', 'in', ['open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup'])
    .orderBy('request.queue_position')
    .orderBy('request.created_at')
    .execute();
  return rows.map(viewOf);
}

/** The patron's oldest open request on an item (or, title-level, on its title), or on a title. */
export async function oldestOpenRequestOf(db: Kysely<Database>, institutionId: string, patronId: string, on: { itemId: string; instanceId: string } | { instanceId: string }): Promise<string | undefined> {
  let query = db.selectFrom('request').select('id').where('institution_id', '=', institutionId).where('patron_id', '=', patronId).where('status', 'in', openRequestStatuses);
  if ('itemId' in on) {
    query = query.where((where) => where.or([where('item_id', '=', on.itemId), where.and([where('level', '=', 'title'), where('instance_id', '=', on.instanceId)])]));
  } else {
    query = query.where('instance_id', '=', on.instanceId);
  }
  return (await query.orderBy('created_at').executeTakeFirst())?.id;
}

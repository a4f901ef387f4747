import { sql, type Kysely } from 'kysely';
import type { Database, RequestStatus } from '../../db/schema.ts';
import { cachedCalendarOfServicePoint, type ServicePointCalendar } from '../org/index.ts';
import type { HoldSlip, WaitingRequest } from '../circulation/index.ts';
import { holdShelfDeadline, holdSlipName } from './request-queue.policy.ts';

/**
 * The queue as circulation sees it (through src/modules/circulation/request-queue.port.ts): who
 * waits for an item, putting it on the hold shelf or in transit, and settling requests at check-out.
 * Requests sits above circulation: it fills the shapes circulation's port declares.
 */
export const openRequestStatuses: readonly RequestStatus[] = ['open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup'];

/** The shapes circulation asks the queue for (its RequestQueue port) are circulation's; the queue fills them. */
export type QueuedRequest = WaitingRequest;
export type { HoldSlip };

/**
 * Requests of the item itself, then title-level requests on its instance not yet given a copy. The
 * item's instance is a subquery, so asking about an item is one statement.
 */
function requestsForItem(trx: Kysely<Database>, institutionId: string, itemId: string) {
  return trx
    .selectFrom('request')
    .where('request.institution_id', '=', institutionId)
    .where((where) =>
      where.or([
        where('request.item_id', '=', itemId),
        where.and([
          where('request.level', '=', 'title'),
          where('request.item_id', 'is', null),
          where('request.instance_id', '=', where.selectFrom('item').select('item.instance_id').where('item.institution_id', '=', institutionId).where('item.id', '=', itemId)),
        ]),
      ]),
    );
}

/**
 * The request an item belongs to now: the hold it already waits on at a hold shelf, else the next
 * patron in line: an item-level request (or a title-level one already given this copy) before the
 * unassigned title-level queue; in transit first, then queue position.
 */
export async function firstWaitingRequest(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<QueuedRequest | null> {
  const row = await requestsForItem(trx, institutionId, itemId)
    .innerJoin('service_point', 'service_point.id', 'request.pickup_service_point_id')
    .where('request.status', 'in', openRequestStatuses)
    .select(['request.id', 'request.patron_id', 'request.pickup_service_point_id', 'service_point.name', 'request.status', 'request.hold_shelf_expires_at'])
    .orderBy(sql`case when request.status = 'open-awaiting-pickup' then 0 else 1 end`)
    .orderBy(sql`case when request.item_id is null then 1 else 0 end`)
    .orderBy(sql`case when request.status = 'open-in-transit' then 0 else 1 end`)
    .orderBy('request.queue_position')
    .orderBy('request.created_at')
    .executeTakeFirst();
  return row
    ? {
        requestId: row.id,
        patronId: row.patron_id,
        pickupServicePointId: row.pickup_service_point_id,
        pickupServicePointName: row.name,
        status: row.status,
        holdShelfExpiresAt: row.hold_shelf_expires_at ? new Date(row.hold_shelf_expires_at).toISOString() : null,
      }
    : null;
}

export async function itemIsRequested(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<boolean> {
  const row = await requestsForItem(trx, institutionId, itemId).where('request.status', 'in', openRequestStatuses).select('request.id').executeTakeFirst();
  return row !== undefined;
}

/** The pickup desk's calendar; its hours and exceptions come from the cache check-out's due dates use (calendar.cache.ts). */
async function calendarOfPickupDesk(trx: Kysely<Database>, institutionId: string, servicePointId: string, timeZone: string): Promise<ServicePointCalendar> {
  return cachedCalendarOfServicePoint(trx, institutionId, servicePointId, timeZone);
}

/**
 * The item goes to the request: on the hold shelf at its pickup desk (with the deadline and a hold
 * slip) or in transit there. A title-level request is given this copy.
 */
export async function routeItemToRequest(trx: Kysely<Database>, institutionId: string, requestId: string, itemId: string, onHoldShelf: boolean, now: Date): Promise<HoldSlip | null> {
  if (!onHoldShelf) {
    await trx.updateTable('request').set({ status: 'open-in-transit', item_id: itemId, updated_at: now.toISOString() }).where('id', '=', requestId).where('institution_id', '=', institutionId).execute();
    return null;
  }
  const request = await trx
    .selectFrom('request')
    .innerJoin('service_point', 'service_point.id', 'request.pickup_service_point_id')
    .innerJoin('institution', 'institution.id', 'request.institution_id')
    .select(['service_point.id as pickup_id', 'service_point.hold_shelf_expiry_days', 'service_point.time_zone', 'institution.time_zone as institution_time_zone'])
    .where('request.institution_id', '=', institutionId)
    .where('request.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const calendar = await calendarOfPickupDesk(trx, institutionId, request.pickup_id, request.time_zone ?? request.institution_time_zone);
  const expiresAt = holdShelfDeadline(calendar, now, request.hold_shelf_expiry_days).toISOString();
  await trx
    .updateTable('request')
    .set({ status: 'open-awaiting-pickup', item_id: itemId, hold_shelf_expires_at: expiresAt, awaiting_pickup_at: now.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', requestId)
    .execute();
  return holdSlipOf(trx, institutionId, requestId);
}

/** The hold slip of a request waiting on the hold shelf (for printing again); null when it is not there. */
export async function holdSlipOf(trx: Kysely<Database>, institutionId: string, requestId: string): Promise<HoldSlip | null> {
  const row = await trx
    .selectFrom('request')
    .innerJoin('patron', 'patron.id', 'request.patron_id')
    .innerJoin('service_point', 'service_point.id', 'request.pickup_service_point_id')
    .innerJoin('item', 'item.id', 'request.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .leftJoin('request_settings', 'request_settings.institution_id', 'request.institution_id')
    .select(['request.id', 'request.hold_shelf_expires_at', 'patron.last_name', 'patron.first_name', 'patron.barcode', 'service_point.name as pickup_name', 'item.barcode as item_barcode', 'instance.title', 'request_settings.hold_slip_format'])
    .where('request.institution_id', '=', institutionId)
    .where('request.id', '=', requestId)
    .where('request.status', '=', 'open-awaiting-pickup')
    .executeTakeFirst();
  if (!row || !row.hold_shelf_expires_at) return null;
  return {
    requestId,
    patron: holdSlipName({ lastName: row.last_name, firstName: row.first_name, barcode: row.barcode }, row.hold_slip_format ?? undefined),
    itemBarcode: row.item_barcode,
    title: row.title,
    pickupServicePoint: row.pickup_name,
    holdShelfExpiresAt: new Date(row.hold_shelf_expires_at).toISOString(),
  };
}

/** How a request ends: its closed status and what goes with it. */
export interface RequestClosing {
  status: Exclude<RequestStatus, `open-${string}`>;
  reason?: string | null;
  filledLoanId?: string;
  itemId?: string;
}

/** A request's place in its queue: what closing up the queue behind it needs. */
export interface RequestInQueue {
  id: string;
  level: 'item' | 'title';
  item_id: string | null;
  instance_id: string;
  queue_position: number;
}

/** Close a request (see closeReadRequest), reading its place in the queue first. */
export async function closeRequest(trx: Kysely<Database>, institutionId: string, requestId: string, closing: RequestClosing, now: Date): Promise<void> {
  const request = await trx
    .selectFrom('request')
    .select(['id', 'level', 'item_id', 'instance_id', 'queue_position'])
    .where('institution_id', '=', institutionId)
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  await closeReadRequest(trx, institutionId, request, closing, now);
}

/**
 * Close a request and close up its queue: everyone behind it moves one place forward. Every way a
 * request ends (filled, cancelled, unfilled, not needed after, pickup expired) passes through here,
 * so this is the place for what follows a closing, such as the patron's "request cancelled" notice.
 * It changes only the request; the item's fate is the caller's.
 */
async function closeReadRequest(trx: Kysely<Database>, institutionId: string, request: RequestInQueue, closing: RequestClosing, now: Date): Promise<void> {
  await trx
    .updateTable('request')
    .set({
      status: closing.status,
      updated_at: now.toISOString(),
      ...(closing.reason !== undefined ? { cancel_reason: closing.reason } : {}),
      ...(closing.filledLoanId ? { filled_loan_id: closing.filledLoanId } : {}),
      ...(closing.itemId ? { item_id: closing.itemId } : {}),
    })
    .where('id', '=', request.id)
    .execute();
  await closeUpQueue(trx, institutionId, request, now);
}

/** Move everyone behind a request that left a queue one place forward. */
export async function closeUpQueue(trx: Kysely<Database>, institutionId: string, left: RequestInQueue, now: Date): Promise<void> {
  let query = trx
    .updateTable('request')
    .set({ queue_position: sql`queue_position - 1`, updated_at: now.toISOString() })
    .where('institution_id', '=', institutionId)
    .where('id', '<>', left.id)
    .where('level', '=', left.level)
    .where('status', 'in', openRequestStatuses)
    .where('queue_position', '>', Number(left.queue_position));
  query = left.level === 'item' ? query.where('item_id', '=', left.item_id) : query.where('instance_id', '=', left.instance_id);
  await query.execute();
}

/** The patron an item waits for on the hold shelf, or who paged it from the stacks; null when none. */
export async function patronItemIsHeldFor(trx: Kysely<Database>, institutionId: string, itemId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('request')
    .select('patron_id')
    .where('institution_id', '=', institutionId)
    .where('item_id', '=', itemId)
    .where((where) => where.or([where('status', '=', 'open-awaiting-pickup'), where.and([where('type', '=', 'page'), where('status', 'in', ['open-not-yet-filled', 'open-in-transit'])])]))
    .orderBy(sql`case when status = 'open-awaiting-pickup' then 0 else 1 end`)
    .orderBy('queue_position')
    .executeTakeFirst();
  return row?.patron_id ?? null;
}

/**
 * At check-out: the borrower's own request for the item (or its title) is filled; a hold waiting
 * for someone else (the desk overrode it) goes back in the queue for the next copy.
 */
export async function settleRequestsAtCheckOut(trx: Kysely<Database>, institutionId: string, itemId: string, patronId: string, loanId: string, now: Date): Promise<void> {
  const own = await requestsForItem(trx, institutionId, itemId)
    .where('request.patron_id', '=', patronId)
    .where('request.status', 'in', openRequestStatuses)
    .select(['request.id', 'request.level', 'request.item_id', 'request.instance_id', 'request.queue_position'])
    .orderBy(sql`case when request.item_id is null then 1 else 0 end`)
    .executeTakeFirst();
  if (own) await closeReadRequest(trx, institutionId, own, { status: 'closed-filled', itemId, filledLoanId: loanId }, now);
  await trx
    .updateTable('request')
    // a title-level request gives the copy up and waits for the next one
    .set({ status: 'open-not-yet-filled', item_id: sql`case when level = 'title' then null else item_id end`, hold_shelf_expires_at: null, awaiting_pickup_at: null, updated_at: now.toISOString() })
    .where('institution_id', '=', institutionId)
    .where('item_id', '=', itemId)
    .where('patron_id', '<>', patronId)
    .where('status', 'in', ['open-awaiting-pickup', 'open-in-transit'])
    .execute();
}

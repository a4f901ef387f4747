import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { Database, ItemStatus } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { changeItemStatus } from '../circulation/loan.queries.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/index.ts';
import { expireUnneededRequests, type UnneededRequest } from './request-expiry.service.ts';
import { holdSlipName } from './request-queue.policy.ts';
import { closeRequest, firstWaitingRequest, routeItemToRequest, type HoldSlip } from './request-queue.queries.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

export const holdShelfExpiryJobName = 'hold-shelf-expiry';

export interface PassedOn {
  itemStatus: 'awaiting-pickup' | 'in-transit' | 'available';
  nextRequestId: string | null;
  holdSlip: HoldSlip | null;
}

/**
 * An item leaves a request that will not be picked up (expired, cancelled): it goes to the next
 * patron in line, on the hold shelf if they collect at the same desk, in transit otherwise, or
 * back to the shelf when nobody waits.
 */
export async function passItemOn(trx: Kysely<Database>, institutionId: string, item: { id: string; status: ItemStatus }, atServicePointId: string, now: Date): Promise<PassedOn> {
  const next = await firstWaitingRequest(trx, institutionId, item.id);
  const onHoldShelfHere = next !== null && next.pickupServicePointId === atServicePointId;
  const itemStatus = next ? (onHoldShelfHere ? 'awaiting-pickup' : 'in-transit') : 'available';
  if (item.status !== itemStatus && !(await changeItemStatus(trx, item.id, item.status, itemStatus, now))) {
    throw new DomainError('CONFLICT', 'This item just changed at a desk; try again.', { itemId: item.id });
  }
  const holdSlip = next ? await routeItemToRequest(trx, institutionId, next.requestId, item.id, onHoldShelfHere, now) : null;
  return { itemStatus, nextRequestId: next?.requestId ?? null, holdSlip };
}

export interface HoldShelfEntry {
  requestId: string;
  patron: { id: string; barcode: string; lastName: string; firstName: string };
  item: { id: string; barcode: string; title: string; callNumber: string | null };
  /** How the hold slip names the patron, in the institution's format. */
  slipName: string;
  awaitingPickupAt: string | null;
  holdShelfExpiresAt: string;
  expired: boolean;
  /** Not yet expired, but the deadline falls on today's date at the desk. */
  expiresToday: boolean;
  /** The hold expired and its request is closed; the item still sits here until it is scanned at check-in. */
  clearFromShelf: boolean;
}

/**
 * What sits on a desk's hold shelf, soonest deadline first: holds waiting for pickup, and items
 * whose hold expired (request closed) still to be cleared: taken off and scanned at check-in.
 */
export async function holdShelfOf(db: Kysely<Database>, institutionId: string, servicePointId: string, now: Date): Promise<HoldShelfEntry[]> {
  const onShelf = db
    .selectFrom('request')
    .innerJoin('patron', 'patron.id', 'request.patron_id')
    .innerJoin('item', 'item.id', 'request.item_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .leftJoin('request_settings', 'request_settings.institution_id', 'request.institution_id')
    .select([
      'request_settings.hold_slip_format', 'request.id', 'request.status', 'request.awaiting_pickup_at', 'request.hold_shelf_expires_at', 'patron.id as patron_id', 'patron.barcode as patron_barcode',
      'patron.last_name', 'patron.first_name', 'item.id as item_id', 'item.barcode as item_barcode', 'instance.title', 'holding.call_number',
    ])
    .where('request.institution_id', '=', institutionId)
    .where('request.pickup_service_point_id', '=', servicePointId);
  const waiting = await onShelf.where('request.status', '=', 'open-awaiting-pickup').orderBy('request.hold_shelf_expires_at').execute();
  // An expired hold's item stays "awaiting pickup" until scanned; its latest expired request says for whom it was here.
  const toClear = await onShelf
    .where('request.status', '=', 'closed-pickup-expired')
    .where('item.status', '=', 'awaiting-pickup')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('request as later')
            .select('later.id')
            .whereRef('later.item_id', '=', 'item.id')
            .where((where) =>
              where.or([where('later.status', '=', 'open-awaiting-pickup'), where.and([where('later.status', '=', 'closed-pickup-expired'), where('later.hold_shelf_expires_at', '>', where.ref('request.hold_shelf_expires_at'))])]),
            ),
        ),
      ),
    )
    .orderBy('request.hold_shelf_expires_at')
    .execute();
  const zone = await deskTimeZone(db, institutionId, servicePointId);
  const today = DateTime.fromJSDate(now, { zone }).toISODate();
  return [...toClear, ...waiting].map((row) => {
    const deadline = new Date(row.hold_shelf_expires_at as string);
    return {
      requestId: row.id,
      patron: { id: row.patron_id, barcode: row.patron_barcode, lastName: row.last_name, firstName: row.first_name },
      item: { id: row.item_id, barcode: row.item_barcode, title: row.title, callNumber: row.call_number },
      slipName: holdSlipName({ lastName: row.last_name, firstName: row.first_name, barcode: row.patron_barcode }, row.hold_slip_format ?? undefined),
      awaitingPickupAt: row.awaiting_pickup_at,
      holdShelfExpiresAt: deadline.toISOString(),
      expired: row.status !== 'open-awaiting-pickup' || deadline.getTime() <= now.getTime(),
      expiresToday: row.status === 'open-awaiting-pickup' && deadline.getTime() > now.getTime() && DateTime.fromJSDate(deadline, { zone }).toISODate() === today,
      clearFromShelf: row.status !== 'open-awaiting-pickup',
    };
  });
}

/** The zone a desk keeps its days in: its own, or the institution's. */
export async function deskTimeZone(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<string> {
  const row = await db
    .selectFrom('service_point')
    .innerJoin('institution', 'institution.id', 'service_point.institution_id')
    .select(['service_point.time_zone', 'institution.time_zone as institution_time_zone'])
    .where('service_point.institution_id', '=', institutionId)
    .where('service_point.id', '=', servicePointId)
    .executeTakeFirst();
  return row?.time_zone ?? row?.institution_time_zone ?? 'UTC';
}

export interface ExpiredHold {
  requestId: string;
  itemId: string;
}

export interface HoldShelfExpiryOutcome {
  runKey: string;
  alreadyRan: boolean;
  /** Holds closed as pickup-expired; their items stay on the shelf, listed to clear, until scanned at check-in. */
  expired: ExpiredHold[];
  /** Requests closed because their "not needed after" date passed. */
  unneeded: UnneededRequest[];
}

/**
 * Close a hold left on the shelf past its deadline (the patron's pickup-expired notice follows from
 * the closed request); null when it is no longer there. The item is not moved: it still sits on
 * this desk's shelf, so it stays "awaiting pickup" and is listed to clear until staff scan it at
 * check-in, which routes it to the next patron, in transit or back to the shelf.
 */
export async function expireHoldOnShelf(trx: Kysely<Database>, actor: Actor, requestId: string, now: Date, how: 'expired' | 'cleared-at-check-in' = 'expired'): Promise<ExpiredHold | null> {
  const institutionId = actor.institutionId;
  const request = await trx
    .selectFrom('request')
    .select(['request.id', 'request.item_id'])
    .where('request.institution_id', '=', institutionId)
    .where('request.id', '=', requestId)
    .where('request.status', '=', 'open-awaiting-pickup')
    .where('request.hold_shelf_expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  if (!request?.item_id) return null;
  await closeRequest(trx, institutionId, requestId, { status: 'closed-pickup-expired' }, now);
  await recordAuditEvent(trx, actor, now, {
    action: 'request.pickup-expired',
    entityType: 'request',
    entityId: requestId,
    before: { status: 'open-awaiting-pickup' },
    after: { status: 'closed-pickup-expired', itemId: request.item_id, item: how === 'expired' ? 'left on the hold shelf to clear' : 'scanned at check-in' },
  });
  return { requestId, itemId: request.item_id };
}

/**
 * Staff close an expired hold before the morning job does (the patron said they will not come):
 * the request closes as pickup-expired; the item stays listed to clear until it is scanned at check-in.
 */
export async function clearExpiredHold(db: Kysely<Database>, clock: Clock, actor: Actor, requestId: string): Promise<ExpiredHold & { clearFromShelf: true }> {
  return retryWhenBusy(() =>
    db.transaction().execute(async (trx) => {
      const cleared = await expireHoldOnShelf(trx, actor, requestId, clock.now());
      if (!cleared) throw new DomainError('CONFLICT', 'Only a hold past its pickup deadline can be cleared from the hold shelf.', { requestId });
      return { ...cleared, clearFromShelf: true as const };
    }),
  );
}

/**
 * The morning job: every hold not collected by its deadline closes as pickup-expired (its item
 * stays listed to clear from the shelf); requests past their "not needed after" date close as
 * unfilled. Runs once per institution and day.
 */
export async function runHoldShelfExpiry(db: Kysely<Database>, clock: Clock, institutionId: string): Promise<HoldShelfExpiryOutcome> {
  const now = clock.now();
  const { runKey, claimed } = await claimDailyJobRun(db, holdShelfExpiryJobName, institutionId, now);
  if (!claimed) return { runKey, alreadyRan: true, expired: [], unneeded: [] };
  const actor: Actor = { kind: 'system', id: null, name: 'hold shelf expiry job', institutionId };
  const due = await db
    .selectFrom('request')
    .select(['id'])
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'open-awaiting-pickup')
    .where('hold_shelf_expires_at', '<=', now.toISOString())
    .orderBy('hold_shelf_expires_at')
    .execute();
  const expired: HoldShelfExpiryOutcome['expired'] = [];
  for (const { id } of due) {
    const result = await retryWhenBusy(() => db.transaction().execute((trx) => expireHoldOnShelf(trx, actor, id, now)));
    if (result) expired.push(result);
  }
  const unneeded = await expireUnneededRequests(db, actor, now);
  await finishJobRun(db, holdShelfExpiryJobName, runKey, institutionId, clock.now(), {
    expired: expired.length,
    requestIds: expired.map((entry) => entry.requestId),
    notNeededAfter: unneeded.length,
    unneededRequestIds: unneeded.map((entry) => entry.requestId),
  });
  return { runKey, alreadyRan: false, expired, unneeded };
}

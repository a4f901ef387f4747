import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { Database, ItemStatus } from '../../db/schema.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';
import type { DomainEvent, RaiseEvent } from '../../platform/domain-events.ts';
import { DomainError } from '../../platform/errors.ts';
import { inTransaction, type ServiceContext } from '../../platform/service-context.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { changeItemStatus } from '../catalog/index.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/index.ts';
import { timeZoneOfServicePoint } from '../org/index.ts';
import { expiredHoldsToClearAt, findHoldPastDeadline, holdsAwaitingPickupAt, holdsPastDeadline } from './hold-shelf.queries.ts';
import { expireUnneededRequests, type UnneededRequest } from './request-expiry.service.ts';
import { holdSlipName } from './request-queue.policy.ts';
import { closeRequest, firstWaitingRequest, routeItemToRequest, type HoldSlip } from './request-queue.queries.ts';

export const holdShelfExpiryJobName = 'hold-shelf-expiry';

export interface PassedOn {
  itemStatus: 'awaiting-pickup' | 'in-transit' | 'available';
  nextRequestId: string | null;
  holdSlip: HoldSlip | null;
}

/**
 * An item leaves a request that will not be picked up (expired, cancelled): it goes to the next
 * patron in line, on the hold shelf if they collect at the same desk ('hold.awaiting-pickup'), in
 * transit otherwise, or back to the shelf when nobody waits.
 */
export async function passItemOn(trx: Kysely<Database>, raise: RaiseEvent, institutionId: string, item: { id: string; status: ItemStatus }, atServicePointId: string, now: Date): Promise<PassedOn> {
  const next = await firstWaitingRequest(trx, institutionId, item.id);
  const onHoldShelfHere = next !== null && next.pickupServicePointId === atServicePointId;
  const itemStatus = next ? (onHoldShelfHere ? 'awaiting-pickup' : 'in-transit') : 'available';
  if (item.status !== itemStatus && !(await changeItemStatus(trx, item.id, item.status, itemStatus, now))) {
    throw new DomainError('CONFLICT', 'This item just changed at a desk; try again.', { itemId: item.id });
  }
  const holdSlip = next ? await routeItemToRequest(trx, institutionId, next.requestId, item.id, onHoldShelfHere, now) : null;
  if (next && onHoldShelfHere) raise(holdAwaitingPickup(institutionId, next, item.id));
  return { itemStatus, nextRequestId: next?.requestId ?? null, holdSlip };
}

/** The event for an item that went onto the hold shelf for a waiting request (check-in raises the same one). */
export function holdAwaitingPickup(institutionId: string, request: { requestId: string; patronId: string; pickupServicePointId: string }, itemId: string): DomainEvent<'hold.awaiting-pickup'> {
  return { type: 'hold.awaiting-pickup', institutionId, requestId: request.requestId, itemId, patronId: request.patronId, pickupServicePointId: request.pickupServicePointId };
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
  const waiting = await holdsAwaitingPickupAt(db, institutionId, servicePointId);
  const toClear = await expiredHoldsToClearAt(db, institutionId, servicePointId);
  const zone = await timeZoneOfServicePoint(db, institutionId, servicePointId);
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
 * Close a hold left on the shelf past its deadline ('request.closed': the patron's pickup-expired
 * notice follows); null when it is no longer there. The item is not moved: it still sits on
 * this desk's shelf, so it stays "awaiting pickup" and is listed to clear until staff scan it at
 * check-in, which routes it to the next patron, in transit or back to the shelf.
 */
export async function expireHoldOnShelf(trx: Kysely<Database>, raise: RaiseEvent, actor: Actor, requestId: string, now: Date, how: 'expired' | 'cleared-at-check-in' = 'expired'): Promise<ExpiredHold | null> {
  const institutionId = actor.institutionId;
  const request = await findHoldPastDeadline(trx, institutionId, requestId, now);
  if (!request?.item_id) return null;
  await closeRequest(trx, institutionId, requestId, { status: 'closed-pickup-expired' }, now);
  await recordAuditEvent(trx, actor, now, {
    action: 'request.pickup-expired',
    entityType: 'request',
    entityId: requestId,
    before: { status: 'open-awaiting-pickup' },
    after: { status: 'closed-pickup-expired', itemId: request.item_id, item: how === 'expired' ? 'left on the hold shelf to clear' : 'scanned at check-in' },
  });
  raise({ type: 'request.closed', institutionId, requestId, patronId: request.patron_id, status: 'closed-pickup-expired' });
  return { requestId, itemId: request.item_id };
}

/**
 * Staff close an expired hold before the morning job does (the patron said they will not come):
 * the request closes as pickup-expired; the item stays listed to clear until it is scanned at check-in.
 */
export async function clearExpiredHold(ctx: ServiceContext, actor: Actor, requestId: string): Promise<ExpiredHold & { clearFromShelf: true }> {
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx, raise) => {
      const cleared = await expireHoldOnShelf(trx, raise, actor, requestId, ctx.clock.now());
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
export async function runHoldShelfExpiry(ctx: ServiceContext, institutionId: string): Promise<HoldShelfExpiryOutcome> {
  const { db, clock } = ctx;
  const now = clock.now();
  const { runKey, claimed } = await claimDailyJobRun(db, holdShelfExpiryJobName, institutionId, now);
  if (!claimed) return { runKey, alreadyRan: true, expired: [], unneeded: [] };
  const actor: Actor = { kind: 'system', id: null, name: 'hold shelf expiry job', institutionId };
  const due = await holdsPastDeadline(db, institutionId, now);
  const expired: HoldShelfExpiryOutcome['expired'] = [];
  for (const { id } of due) {
    const result = await retryWhenBusy(() => inTransaction(ctx, (trx, raise) => expireHoldOnShelf(trx, raise, actor, id, now)));
    if (result) expired.push(result);
  }
  const unneeded = await expireUnneededRequests(ctx, actor, now);
  await finishJobRun(db, holdShelfExpiryJobName, runKey, institutionId, clock.now(), {
    expired: expired.length,
    requestIds: expired.map((entry) => entry.requestId),
    notNeededAfter: unneeded.length,
    unneededRequestIds: unneeded.map((entry) => entry.requestId),
  });
  return { runKey, alreadyRan: false, expired, unneeded };
}

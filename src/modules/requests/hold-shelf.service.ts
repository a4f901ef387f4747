import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/audit.queries.ts';
import { changeItemStatus, retryWhenBusy } from '../circulation/loan.queries.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/job-run.queries.ts';
import { firstWaitingRequest, routeItemToRequest, type HoldSlip } from './request-queue.queries.ts';

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
export async function passItemOn(trx: Kysely<Database>, institutionId: string, item: { id: string; status: string }, atServicePointId: string, now: Date): Promise<PassedOn> {
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
  awaitingPickupAt: string | null;
  holdShelfExpiresAt: string;
  expired: boolean;
}

/** What waits on a desk's hold shelf, soonest deadline first; expired holds are flagged for clearing. */
export async function holdShelfOf(db: Kysely<Database>, institutionId: string, servicePointId: string, now: Date): Promise<HoldShelfEntry[]> {
  const rows = await db
    .selectFrom('request')
    .innerJoin('patron', 'patron.id', 'request.patron_id')
    .innerJoin('item', 'item.id', 'request.item_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .select([
      'request.id', 'request.awaiting_pickup_at', 'request.hold_shelf_expires_at', 'patron.id as patron_id', 'patron.barcode as patron_barcode', 'patron.last_name',
      'patron.first_name', 'item.id as item_id', 'item.barcode as item_barcode', 'instance.title', 'holding.call_number',
    ])
    .where('request.institution_id', '=', institutionId)
    .where('request.pickup_service_point_id', '=', servicePointId)
    .where('request.status', '=', 'open-awaiting-pickup')
    .orderBy('request.hold_shelf_expires_at')
    .execute();
  return rows.map((row) => ({
    requestId: row.id,
    patron: { id: row.patron_id, barcode: row.patron_barcode, lastName: row.last_name, firstName: row.first_name },
    item: { id: row.item_id, barcode: row.item_barcode, title: row.title, callNumber: row.call_number },
    awaitingPickupAt: row.awaiting_pickup_at,
    holdShelfExpiresAt: new Date(row.hold_shelf_expires_at as string).toISOString(),
    expired: new Date(row.hold_shelf_expires_at as string).getTime() <= now.getTime(),
  }));
}

export interface HoldShelfExpiryOutcome {
  runKey: string;
  alreadyRan: boolean;
  expired: { requestId: string; itemId: string; passedOn: PassedOn }[];
}

/**
 * The morning job: every hold not collected by its deadline closes as pickup-expired and the item
 * passes to the next patron or back to the shelf. Runs once per institution and day.
 */
export async function runHoldShelfExpiry(db: Kysely<Database>, clock: Clock, institutionId: string): Promise<HoldShelfExpiryOutcome> {
  const now = clock.now();
  const { runKey, claimed } = await claimDailyJobRun(db, holdShelfExpiryJobName, institutionId, now);
  if (!claimed) return { runKey, alreadyRan: true, expired: [] };
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
    const result = await retryWhenBusy(() =>
      db.transaction().execute(async (trx) => {
        const request = await trx
          .selectFrom('request')
          .innerJoin('item', 'item.id', 'request.item_id')
          .select(['request.id', 'request.pickup_service_point_id', 'item.id as item_id', 'item.status as item_status'])
          .where('request.id', '=', id)
          .where('request.status', '=', 'open-awaiting-pickup')
          .executeTakeFirst();
        if (!request) return null;
        await trx.updateTable('request').set({ status: 'closed-pickup-expired', updated_at: now.toISOString() }).where('id', '=', id).execute();
        const passedOn = await passItemOn(trx, institutionId, { id: request.item_id, status: request.item_status }, request.pickup_service_point_id, now);
        await recordAuditEvent(trx, actor, now, { action: 'request.pickup-expired', entityType: 'request', entityId: id, after: { itemId: request.item_id, ...passedOn, holdSlip: undefined } });
        return { requestId: id, itemId: request.item_id, passedOn };
      }),
    );
    if (result) expired.push(result);
  }
  await finishJobRun(db, holdShelfExpiryJobName, runKey, institutionId, clock.now(), { expired: expired.length, requestIds: expired.map((entry) => entry.requestId) });
  return { runKey, alreadyRan: false, expired };
}

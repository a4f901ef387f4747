import type { Kysely } from 'kysely';
import type { Database, ItemStatus } from '../../db/schema.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';
import { DomainError } from '../../platform/errors.ts';
import { inTransaction, type ServiceContext } from '../../platform/service-context.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { changeItemStatus, copiesOfTitle, copyByBarcode, copyById, titleExists } from '../catalog/index.ts';
import { markPagedCopyMissing, refusal } from '../circulation/index.ts';
import { pickupDeskOf } from '../org/index.ts';
import { passItemOn } from './hold-shelf.service.ts';
import { reorderProblem } from './request-queue.policy.ts';
import { closeRequest, closeUpQueue } from './request-queue.queries.ts';
import { findRequestForChange, setQueuePosition, setRequestCopy, setRequestPickup } from './request-changes.queries.ts';
import { itemQueue, nextQueuePosition, titleQueue, requestView, type RequestView } from './request.queries.ts';

/** Staff changes to requests after they are placed: cancel, move to another copy, reorder, page not found. Each audited. */

/** The open request, with its copy's status as the catalogue has it. */
async function openRequest(trx: Kysely<Database>, institutionId: string, requestId: string) {
  const row = await findRequestForChange(trx, institutionId, requestId);
  if (!row) throw new DomainError('REQUEST_NOT_FOUND', 'There is no such request.', { requestId });
  if (!row.status.startsWith('open-')) throw new DomainError('CONFLICT', `This request is already closed (${row.status}).`, { requestId, status: row.status });
  const item_status: ItemStatus | null = row.item_id ? ((await copyById(trx, institutionId, row.item_id))?.status ?? null) : null;
  return { ...row, item_status };
}

/** Put a paged copy back on the shelf when its page goes elsewhere. */
async function unpage(trx: Kysely<Database>, itemId: string | null, itemStatus: ItemStatus | null, now: Date): Promise<void> {
  if (itemId && itemStatus === 'paged') await changeItemStatus(trx, itemId, 'paged', 'available', now);
}

/** Cancel an open request (staff, or the patron at the portal or a kiosk); 'request.closed' is announced after the commit. */
export async function cancelRequest(ctx: ServiceContext, actor: Actor, requestId: string, reason: string): Promise<RequestView> {
  const institutionId = actor.institutionId;
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx, raise) => {
      const now = ctx.clock.now();
      const request = await openRequest(trx, institutionId, requestId);
      await closeRequest(trx, institutionId, requestId, { status: 'closed-cancelled', reason }, now);
      // a held item goes to the next patron; a paged one back to the shelf; one in transit is routed when checked in
      if (request.status === 'open-awaiting-pickup' && request.item_id && request.item_status) {
        await passItemOn(trx, raise, institutionId, { id: request.item_id, status: request.item_status }, request.pickup_service_point_id, now);
      } else if (request.type === 'page' && request.status === 'open-not-yet-filled') {
        await unpage(trx, request.item_id, request.item_status, now);
      }
      await recordAuditEvent(trx, actor, now, { action: 'request.cancel', entityType: 'request', entityId: requestId, before: { status: request.status }, after: { status: 'closed-cancelled' }, reason });
      raise({ type: 'request.closed', institutionId, requestId, patronId: request.patron_id, status: 'closed-cancelled' });
      return requestView(trx, institutionId, requestId);
    }),
  );
}

/** Move a request not yet filled to another copy of the same title; a page follows only to a copy on the shelf. */
export async function moveRequest(ctx: ServiceContext, actor: Actor, requestId: string, itemBarcode: string): Promise<RequestView> {
  const institutionId = actor.institutionId;
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx) => {
      const now = ctx.clock.now();
      const request = await openRequest(trx, institutionId, requestId);
      if (request.status !== 'open-not-yet-filled') throw new DomainError('CONFLICT', 'Only a request not yet filled can move to another copy.', { requestId, status: request.status });
      const target = await copyByBarcode(trx, institutionId, itemBarcode);
      if (!target) throw new DomainError('ITEM_NOT_FOUND', 'No item has this barcode.', { itemBarcode });
      if (target.instanceId !== request.instance_id) throw new DomainError('VALIDATION_FAILED', 'A request moves only to another copy of the same title.', { field: 'itemBarcode' });
      if (target.id === request.item_id) throw new DomainError('VALIDATION_FAILED', 'The request is already on this copy.', { field: 'itemBarcode' });
      if (request.type === 'page') {
        if (!(await changeItemStatus(trx, target.id, 'available', 'paged', now))) throw new DomainError('VALIDATION_FAILED', `Only a copy on the shelf can be paged (status: ${target.status}).`, { field: 'itemBarcode' });
        await unpage(trx, request.item_id, request.item_status, now);
      }
      await setRequestCopy(trx, requestId, { level: 'item', itemId: target.id, queuePosition: await nextQueuePosition(trx, institutionId, { itemId: target.id }) }, now);
      await closeUpQueue(trx, institutionId, request, now);
      await recordAuditEvent(trx, actor, now, { action: 'request.move', entityType: 'request', entityId: requestId, before: { itemId: request.item_id }, after: { itemId: target.id } });
      return requestView(trx, institutionId, requestId);
    }),
  );
}

type QueueOf = { itemId: string } | { instanceId: string };

async function queueRequests(trx: Kysely<Database>, institutionId: string, queue: QueueOf): Promise<RequestView[]> {
  return 'itemId' in queue ? itemQueue(trx, institutionId, queue.itemId) : titleQueue(trx, institutionId, queue.instanceId);
}

/**
 * Put a queue in the order staff give: every open item-level request of an item, or every open
 * title-level request of a title, each once.
 */
async function reorderQueue(ctx: ServiceContext, actor: Actor, queue: QueueOf, requestIds: string[]): Promise<RequestView[]> {
  const institutionId = actor.institutionId;
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx) => {
      const now = ctx.clock.now();
      if ('itemId' in queue) {
        if (!(await copyById(trx, institutionId, queue.itemId))) throw new DomainError('ITEM_NOT_FOUND', 'There is no such item.', { itemId: queue.itemId });
      } else {
        if (!(await titleExists(trx, institutionId, queue.instanceId))) throw new DomainError('INSTANCE_NOT_FOUND', 'There is no such instance.', { instanceId: queue.instanceId });
      }
      const current = await queueRequests(trx, institutionId, queue);
      const problem = reorderProblem(current.map((request) => request.id), requestIds);
      if (problem) throw new DomainError('VALIDATION_FAILED', problem, { field: 'requestIds', current: current.map((request) => request.id) });
      for (const [index, id] of requestIds.entries()) {
        await setQueuePosition(trx, id, index + 1, now);
      }
      const entity = 'itemId' in queue ? { entityType: 'item', entityId: queue.itemId } : { entityType: 'instance', entityId: queue.instanceId };
      await recordAuditEvent(trx, actor, now, { action: 'request.reorder', ...entity, before: { requestIds: current.map((request) => request.id) }, after: { requestIds } });
      return queueRequests(trx, institutionId, queue);
    }),
  );
}

export function reorderItemQueue(ctx: ServiceContext, actor: Actor, itemId: string, requestIds: string[]): Promise<RequestView[]> {
  return reorderQueue(ctx, actor, { itemId }, requestIds);
}

/** The title-level queue: requests for whichever copy comes back first. */
export function reorderTitleQueue(ctx: ServiceContext, actor: Actor, instanceId: string, requestIds: string[]): Promise<RequestView[]> {
  return reorderQueue(ctx, actor, { instanceId }, requestIds);
}

/**
 * A paged item was not on the shelf: it is marked missing and the page moves to the next copy of
 * the title on the shelf, or closes unfilled when there is none ('request.closed').
 */
export async function pageNotFound(ctx: ServiceContext, actor: Actor, requestId: string): Promise<RequestView> {
  const institutionId = actor.institutionId;
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx, raise) => {
      const now = ctx.clock.now();
      const request = await openRequest(trx, institutionId, requestId);
      if (request.type !== 'page' || request.status !== 'open-not-yet-filled' || !request.item_id || request.item_status !== 'paged') {
        throw new DomainError('CONFLICT', 'Only a page whose item is still to be fetched can be marked not found.', { requestId });
      }
      if (!(await markPagedCopyMissing(trx, institutionId, request.item_id, now))) throw new DomainError('CONFLICT', 'This item just changed at a desk; try again.', { itemId: request.item_id });
      const next = (await copiesOfTitle(trx, institutionId, request.instance_id)).find((copy) => copy.status === 'available');
      if (next && (await changeItemStatus(trx, next.id, 'available', 'paged', now))) {
        await setRequestCopy(trx, requestId, { itemId: next.id, queuePosition: await nextQueuePosition(trx, institutionId, { itemId: next.id }) }, now);
        await closeUpQueue(trx, institutionId, request, now);
      } else {
        await closeRequest(trx, institutionId, requestId, { status: 'closed-unfilled', reason: 'not-found' }, now);
        raise({ type: 'request.closed', institutionId, requestId, patronId: request.patron_id, status: 'closed-unfilled' });
      }
      await recordAuditEvent(trx, actor, now, {
        action: 'request.page-not-found',
        entityType: 'request',
        entityId: requestId,
        before: { itemId: request.item_id },
        after: { itemId: next?.id ?? null, missingItemId: request.item_id, status: next ? 'open-not-yet-filled' : 'closed-unfilled' },
      });
      return requestView(trx, institutionId, requestId);
    }),
  );
}

/**
 * Move a request not yet on its way to another pickup desk (a patron's own change, e.g. at a
 * kiosk). Once the item is in transit or on a hold shelf the staff must do it.
 */
export async function changeRequestPickup(ctx: ServiceContext, actor: Actor, requestId: string, pickupServicePointId: string): Promise<RequestView> {
  const institutionId = actor.institutionId;
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx) => {
      const now = ctx.clock.now();
      const request = await openRequest(trx, institutionId, requestId);
      if (request.status !== 'open-not-yet-filled') throw new DomainError('CONFLICT', 'The item is already on its way to the pickup desk; ask the staff to change it.', { requestId, status: request.status });
      const pickup = await pickupDeskOf(trx, institutionId, pickupServicePointId);
      const refused = !pickup
        ? refusal('PICKUP_SERVICE_POINT_NOT_FOUND', 'There is no such service point.', false)
        : !pickup.isPickupPoint ? refusal('PICKUP_SERVICE_POINT_NOT_ALLOWED', 'Items cannot be picked up at this service point.', false) : null;
      if (refused || !pickup) throw new DomainError('REQUEST_REFUSED', refused?.message ?? 'There is no such service point.', { refusals: refused ? [refused] : [] });
      await setRequestPickup(trx, requestId, pickup.id, now);
      await recordAuditEvent(trx, actor, now, {
        action: 'request.change-pickup',
        entityType: 'request',
        entityId: requestId,
        before: { pickupServicePointId: request.pickup_service_point_id },
        after: { pickupServicePointId: pickup.id },
      });
      return requestView(trx, institutionId, requestId);
    }),
  );
}

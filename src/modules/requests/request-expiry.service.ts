import { DateTime } from 'luxon';
import { retryWhenBusy } from '../../db/database-errors.ts';
import { inTransaction, type ServiceContext } from '../../platform/service-context.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { changeItemStatus, copyById } from '../catalog/index.ts';
import { findUnneededRequest, requestsNotNeededBefore } from './request-expiry.queries.ts';
import { closeRequest } from './request-queue.queries.ts';

export const notNeededAfterReason = 'not-needed-after';

export interface UnneededRequest {
  requestId: string;
  patronId: string;
  notNeededAfter: string;
}

/**
 * Requests the patron no longer needs: their "not needed after" date has passed in the pickup
 * desk's zone. They close as unfilled and their queues close up. A request whose item already
 * waits on the hold shelf keeps its own pickup deadline; a page's copy goes back to the shelf;
 * an item in transit for it is routed to the next patron when it is checked in at the far desk.
 * Each closes in its own transaction and announces 'request.closed'.
 */
export async function expireUnneededRequests(ctx: ServiceContext, actor: Actor, now: Date): Promise<UnneededRequest[]> {
  const institutionId = actor.institutionId;
  // the latest local date anywhere is at most a day ahead of UTC; the exact test is per desk below
  const latestLocalDate = DateTime.fromJSDate(now, { zone: 'Pacific/Kiritimati' }).toISODate() as string;
  const candidates = await requestsNotNeededBefore(ctx.db, institutionId, latestLocalDate);
  const closed: UnneededRequest[] = [];
  for (const candidate of candidates) {
    const notNeededAfter = String(candidate.not_needed_after).slice(0, 10);
    const today = DateTime.fromJSDate(now, { zone: candidate.zone }).toISODate() as string;
    if (notNeededAfter >= today) continue;
    const done = await retryWhenBusy(() =>
      inTransaction(ctx, async (trx, raise) => {
        const request = await findUnneededRequest(trx, candidate.id);
        if (!request) return false;
        await closeRequest(trx, institutionId, request.id, { status: 'closed-unfilled', reason: notNeededAfterReason }, now);
        if (request.type === 'page' && request.status === 'open-not-yet-filled' && request.item_id && (await copyById(trx, institutionId, request.item_id))?.status === 'paged') {
          await changeItemStatus(trx, request.item_id, 'paged', 'available', now);
        }
        await recordAuditEvent(trx, actor, now, { action: 'request.not-needed-after', entityType: 'request', entityId: request.id, before: { status: request.status }, after: { status: 'closed-unfilled', notNeededAfter }, reason: notNeededAfterReason });
        raise({ type: 'request.closed', institutionId, requestId: request.id, patronId: candidate.patron_id, status: 'closed-unfilled' });
        return true;
      }),
    );
    if (done) closed.push({ requestId: candidate.id, patronId: candidate.patron_id, notNeededAfter });
  }
  return closed;
}

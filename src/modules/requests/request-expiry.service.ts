import { DateTime } from 'luxon';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { changeItemStatus } from '../circulation/loan.queries.ts';
import { closeRequest } from './request-queue.queries.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

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
 */
export async function expireUnneededRequests(db: Kysely<Database>, actor: Actor, now: Date): Promise<UnneededRequest[]> {
  const institutionId = actor.institutionId;
  // the latest local date anywhere is at most a day ahead of UTC; the exact test is per desk below
  const latestLocalDate = DateTime.fromJSDate(now, { zone: 'Pacific/Kiritimati' }).toISODate() as string;
  const candidates = await db
    .selectFrom('request')
    .innerJoin('service_point', 'service_point.id', 'request.pickup_service_point_id')
    .innerJoin('institution', 'institution.id', 'request.institution_id')
    .select(['request.id', 'request.patron_id', 'request.not_needed_after', sql<string>`coalesce(service_point.time_zone, institution.time_zone)`.as('zone')])
    .where('request.institution_id', '=', institutionId)
    .where('request.status', 'in', ['open-not-yet-filled', 'open-in-transit'])
    .where('request.not_needed_after', 'is not', null)
    .where('request.not_needed_after', '<', latestLocalDate)
    .orderBy('request.not_needed_after')
    .execute();
  const closed: UnneededRequest[] = [];
  for (const candidate of candidates) {
    const notNeededAfter = String(candidate.not_needed_after).slice(0, 10);
    const today = DateTime.fromJSDate(now, { zone: candidate.zone }).toISODate() as string;
    if (notNeededAfter >= today) continue;
    const done = await retryWhenBusy(() =>
      db.transaction().execute(async (trx) => {
        const request = await trx
          .selectFrom('request')
          .leftJoin('item', 'item.id', 'request.item_id')
          .select(['request.id', 'request.type', 'request.status', 'request.item_id', 'item.status as item_status'])
          .where('request.id', '=', candidate.id)
          .where('request.status', 'in', ['open-not-yet-filled', 'open-in-transit'])
          .executeTakeFirst();
        if (!request) return false;
        await closeRequest(trx, institutionId, request.id, { status: 'closed-unfilled', reason: notNeededAfterReason }, now);
        if (request.type === 'page' && request.status === 'open-not-yet-filled' && request.item_id && request.item_status === 'paged') {
          await changeItemStatus(trx, request.item_id, 'paged', 'available', now);
        }
        await recordAuditEvent(trx, actor, now, { action: 'request.not-needed-after', entityType: 'request', entityId: request.id, before: { status: request.status }, after: { status: 'closed-unfilled', notNeededAfter }, reason: notNeededAfterReason });
        return true;
      }),
    );
    if (done) closed.push({ requestId: candidate.id, patronId: candidate.patron_id, notNeededAfter });
  }
  return closed;
}

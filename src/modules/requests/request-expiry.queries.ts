import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL of closing requests past their "not needed after" date (request-expiry.service.ts). */

/** Open requests not yet on the hold shelf whose date is before `latestLocalDate`, with their pickup desk's zone. */
export async function requestsNotNeededBefore(db: Kysely<Database>, institutionId: string, latestLocalDate: string) {
  return db
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
}

/** The request if still open and not yet on the hold shelf. */
export async function findUnneededRequest(trx: Kysely<Database>, requestId: string) {
  return trx.selectFrom('request').select(['id', 'type', 'status', 'item_id']).where('id', '=', requestId).where('status', 'in', ['open-not-yet-filled', 'open-in-transit']).executeTakeFirst();
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A service point as the request queue checks it for pickup: whether it is a pickup point and its code; undefined when the institution has none. */
export async function pickupDeskOf(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<{ id: string; code: string; isPickupPoint: boolean } | undefined> {
  const row = await db.selectFrom('service_point').select(['id', 'code', 'is_pickup_point']).where('institution_id', '=', institutionId).where('id', '=', servicePointId).executeTakeFirst();
  return row && { id: row.id, code: row.code, isPickupPoint: Boolean(row.is_pickup_point) };
}

/** The zone a service point keeps its days in: its own, or the institution's ('UTC' when unknown). */
export async function timeZoneOfServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<string> {
  const row = await db
    .selectFrom('service_point')
    .innerJoin('institution', 'institution.id', 'service_point.institution_id')
    .select(['service_point.time_zone', 'institution.time_zone as institution_time_zone'])
    .where('service_point.institution_id', '=', institutionId)
    .where('service_point.id', '=', servicePointId)
    .executeTakeFirst();
  return row?.time_zone ?? row?.institution_time_zone ?? 'UTC';
}

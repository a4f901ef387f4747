import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface PickListEntry {
  requestId: string;
  item: { id: string; barcode: string; title: string; callNumber: string | null; location: string };
  pickupServicePoint: string;
  requestedAt: string;
}

/**
 * The pages a desk's staff fetch from the shelves it serves, in shelf order (the holding's
 * shelving order, then call number), ready to print.
 */
export async function pickListOf(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<PickListEntry[]> {
  const rows = await db
    .selectFrom('request')
    .innerJoin('item', 'item.id', 'request.item_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('location', (join) => join.on(sql<boolean>`location.id = coalesce(item.temporary_location_id, holding.location_id)`))
    .innerJoin('service_point_location', (join) => join.onRef('service_point_location.location_id', '=', 'location.id').on('service_point_location.service_point_id', '=', servicePointId))
    .innerJoin('service_point', 'service_point.id', 'request.pickup_service_point_id')
    .select(['request.id', 'request.created_at', 'item.id as item_id', 'item.barcode', 'instance.title', 'holding.call_number', 'location.name as location_name', 'service_point.name as pickup_name'])
    .where('request.institution_id', '=', institutionId)
    .where('request.type', '=', 'page')
    .where('request.status', '=', 'open-not-yet-filled')
    .where('item.status', '=', 'paged')
    .orderBy('location.name')
    .orderBy(sql`case when holding.shelving_order is null then 1 else 0 end`)
    .orderBy('holding.shelving_order')
    .orderBy('holding.call_number')
    .orderBy('item.barcode')
    .execute();
  return rows.map((row) => ({
    requestId: row.id,
    item: { id: row.item_id, barcode: row.barcode, title: row.title, callNumber: row.call_number, location: row.location_name },
    pickupServicePoint: row.pickup_name,
    requestedAt: row.created_at,
  }));
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { holdShelfOf } from './hold-shelf.service.ts';
import { pickListOf } from './pick-list.queries.ts';

export interface InTransitEntry {
  item: { id: string; barcode: string; title: string; callNumber: string | null };
  /** Set when the item travels to fill a request picked up here. */
  requestId: string | null;
  since: string;
}

export interface OverdueRecallEntry {
  loanId: string;
  item: { id: string; barcode: string; title: string };
  patron: { id: string; barcode: string; lastName: string; firstName: string };
  dueAt: string;
  recalledAt: string;
}

export interface DeskSummary {
  holdShelf: { awaitingPickup: number; expiringToday: number; expiredAwaitingClearing: number };
  pickList: number;
  inTransitHere: { total: number; items: InTransitEntry[] };
  overdueRecalls: { total: number; items: OverdueRecallEntry[] };
}

const listedAtMost = 50;

/**
 * Items on their way to this desk: to fill a request picked up here, or going home to a location
 * the desk serves (routed back after a check-in elsewhere, with no request waiting).
 */
async function inTransitTo(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<InTransitEntry[]> {
  const rows = await db
    .selectFrom('item')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .leftJoin('request', (join) => join.onRef('request.item_id', '=', 'item.id').on('request.status', '=', 'open-in-transit'))
    .leftJoin('service_point_location', (join) =>
      join.on(sql<boolean>`service_point_location.location_id = coalesce(item.temporary_location_id, holding.location_id)`).on('service_point_location.service_point_id', '=', servicePointId),
    )
    .select(['item.id', 'item.barcode', 'item.status_changed_at', 'instance.title', 'holding.call_number', 'request.id as request_id', 'request.pickup_service_point_id', 'service_point_location.service_point_id as serving_id'])
    .where('item.institution_id', '=', institutionId)
    .where('item.status', '=', 'in-transit')
    .orderBy('item.status_changed_at')
    .execute();
  return rows
    .filter((row) => (row.request_id ? row.pickup_service_point_id === servicePointId : row.serving_id === servicePointId))
    .map((row) => ({
      item: { id: row.id, barcode: row.barcode, title: row.title, callNumber: row.call_number },
      requestId: row.request_id,
      since: new Date(row.status_changed_at).toISOString(),
    }));
}

/** Recalled loans lent at this desk and not back by their shortened due date. */
async function overdueRecallsOf(db: Kysely<Database>, institutionId: string, servicePointId: string, now: Date): Promise<OverdueRecallEntry[]> {
  const rows = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('patron', 'patron.id', 'loan.patron_id')
    .select(['loan.id', 'loan.due_at', 'loan.recalled_at', 'item.id as item_id', 'item.barcode', 'instance.title', 'patron.id as patron_id', 'patron.barcode as patron_barcode', 'patron.last_name', 'patron.first_name'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('loan.recalled_at', 'is not', null)
    .where('loan.due_at', '<', now.toISOString())
    .where('loan.checkout_service_point_id', '=', servicePointId)
    .orderBy('loan.due_at')
    .execute();
  return rows.map((row) => ({
    loanId: row.id,
    item: { id: row.item_id, barcode: row.barcode, title: row.title },
    patron: { id: row.patron_id, barcode: row.patron_barcode, lastName: row.last_name, firstName: row.first_name },
    dueAt: new Date(row.due_at).toISOString(),
    recalledAt: new Date(row.recalled_at as string).toISOString(),
  }));
}

/** What a desk looks at first thing: the hold shelf, the pick list, what is coming in, and recalls to chase. */
export async function deskSummaryOf(db: Kysely<Database>, institutionId: string, servicePointId: string, now: Date): Promise<DeskSummary> {
  const [holdShelf, pickList, inTransit, recalls] = [
    await holdShelfOf(db, institutionId, servicePointId, now),
    await pickListOf(db, institutionId, servicePointId),
    await inTransitTo(db, institutionId, servicePointId),
    await overdueRecallsOf(db, institutionId, servicePointId, now),
  ];
  return {
    holdShelf: {
      awaitingPickup: holdShelf.length,
      expiringToday: holdShelf.filter((entry) => entry.expiresToday).length,
      expiredAwaitingClearing: holdShelf.filter((entry) => entry.expired).length,
    },
    pickList: pickList.length,
    inTransitHere: { total: inTransit.length, items: inTransit.slice(0, listedAtMost) },
    overdueRecalls: { total: recalls.length, items: recalls.slice(0, listedAtMost) },
  };
}

export async function isServicePointOfInstitution(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<boolean> {
  return (await db.selectFrom('service_point').select('id').where('institution_id', '=', institutionId).where('id', '=', servicePointId).executeTakeFirst()) !== undefined;
}

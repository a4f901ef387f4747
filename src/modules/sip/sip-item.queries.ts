import { sql, type Kysely } from 'kysely';
import type { Database, ItemStatus, RequestStatus } from '../../db/schema.ts';
import { openRequestStatuses } from '../requests/index.ts';

/**
 * What a kiosk is told about an item: status, title, where it lives, its loan and who waits for it.
 * A declared read model (docs/architecture.md, "Read models"): it reads catalog, org, circulation,
 * requests and patrons tables in three statements, for display on a kiosk only; it never decides or writes.
 */
export interface SipItemFacts {
  id: string;
  barcode: string;
  status: ItemStatus;
  title: string;
  materialTypeCode: string;
  /** The holding's shelving location (AQ). */
  permanentLocation: { code: string; name: string };
  /** Where it is shelved now: a temporary location, else the permanent one (AP). */
  currentLocation: { code: string; name: string };
  /** The owning library's code (BG). */
  ownerCode: string;
  openLoan: { id: string; dueAt: string; recalledAt: string | null } | null;
  /** Open requests on this copy and unassigned title-level requests on its title. */
  queueLength: number;
  /** The request this copy is on the hold shelf or in transit for. */
  heldFor: { patronBarcode: string; status: RequestStatus; pickupCode: string; holdShelfExpiresAt: string | null } | null;
  /** What a kiosk or sorter stored with 19 item status update (CH), or null. */
  sipProperties: string | null;
}

export async function findSipItem(db: Kysely<Database>, institutionId: string, barcode: string): Promise<SipItemFacts | null> {
  const row = await db
    .selectFrom('item')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('location as home', 'home.id', 'holding.location_id')
    .innerJoin('location as here', (join) => join.on(sql<boolean>`here.id = coalesce(item.temporary_location_id, holding.location_id)`))
    .innerJoin('library', 'library.id', 'home.library_id')
    .innerJoin('material_type', 'material_type.id', 'item.material_type_id')
    .leftJoin('loan', (join) => join.onRef('loan.item_id', '=', 'item.id').on('loan.status', '=', 'open'))
    .select([
      'item.id', 'item.barcode', 'item.status', 'item.instance_id', 'item.sip_properties', 'instance.title', 'material_type.code as material_type_code',
      'home.code as home_code', 'home.name as home_name', 'here.code as here_code', 'here.name as here_name', 'library.code as library_code',
      'loan.id as loan_id', 'loan.due_at as loan_due_at', 'loan.recalled_at as loan_recalled_at',
    ])
    .where('item.institution_id', '=', institutionId)
    .where('item.barcode', '=', barcode)
    .executeTakeFirst();
  if (!row) return null;
  const queue = await db
    .selectFrom('request')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('institution_id', '=', institutionId)
    .where('status', 'in', openRequestStatuses)
    .where((where) => where.or([where('item_id', '=', row.id), where.and([where('level', '=', 'title'), where('item_id', 'is', null), where('instance_id', '=', row.instance_id)])]))
    .executeTakeFirstOrThrow();
  const held = await db
    .selectFrom('request')
    .innerJoin('patron', 'patron.id', 'request.patron_id')
    .innerJoin('service_point', 'service_point.id', 'request.pickup_service_point_id')
    .select(['patron.barcode', 'request.status', 'service_point.code', 'request.hold_shelf_expires_at'])
    .where('request.institution_id', '=', institutionId)
    .where('request.item_id', '=', row.id)
    .where('request.status', 'in', ['open-awaiting-pickup', 'open-in-transit'])
    .orderBy('request.queue_position')
    .executeTakeFirst();
  return {
    id: row.id,
    barcode: row.barcode,
    status: row.status,
    title: row.title,
    materialTypeCode: row.material_type_code,
    permanentLocation: { code: row.home_code, name: row.home_name },
    currentLocation: { code: row.here_code, name: row.here_name },
    ownerCode: row.library_code,
    openLoan: row.loan_id && row.loan_due_at ? { id: row.loan_id, dueAt: row.loan_due_at, recalledAt: row.loan_recalled_at } : null,
    queueLength: Number(queue.count),
    heldFor: held ? { patronBarcode: held.barcode, status: held.status, pickupCode: held.code, holdShelfExpiresAt: held.hold_shelf_expires_at } : null,
    sipProperties: row.sip_properties,
  };
}

/** The loans a kiosk names are circulation's to find; the handlers ask here, next to the item they describe. */
export { itemsOfLoans, openLoanOfPatronItem, openLoanOfPatronTitle } from '../circulation/index.ts';

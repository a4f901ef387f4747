import { sql, type Kysely } from 'kysely';
import type { Database, ItemStatus, RequestStatus } from '../../db/schema.ts';
import { openRequestStatuses } from '../requests/index.ts';

/** What a kiosk is told about an item: status, title, where it lives, its loan and who waits for it. */
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

/** The open loan of a patron on an item (renewal by item barcode), or null. */
export async function openLoanOfPatronItem(db: Kysely<Database>, institutionId: string, patronBarcode: string, itemBarcode: string): Promise<{ id: string } | null> {
  const row = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('patron', 'patron.id', 'loan.patron_id')
    .select('loan.id')
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('item.barcode', '=', itemBarcode)
    .where('patron.barcode', '=', patronBarcode)
    .executeTakeFirst();
  return row ?? null;
}

/** The patron's one open loan of a title (renewal by AJ); null when none or several match. */
export async function openLoanOfPatronTitle(db: Kysely<Database>, institutionId: string, patronBarcode: string, title: string): Promise<{ id: string; itemBarcode: string } | null> {
  const rows = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('patron', 'patron.id', 'loan.patron_id')
    .select(['loan.id', 'item.barcode'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('instance.title', '=', title)
    .where('patron.barcode', '=', patronBarcode)
    .limit(2)
    .execute();
  return rows.length === 1 ? { id: rows[0]!.id, itemBarcode: rows[0]!.barcode } : null;
}

/** Item barcodes and titles of a patron's open loans by loan id (for BM/BN lists after renew all). */
export async function itemsOfLoans(db: Kysely<Database>, institutionId: string, loanIds: readonly string[]): Promise<Map<string, { barcode: string; title: string }>> {
  if (loanIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .select(['loan.id', 'item.barcode', 'instance.title'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.id', 'in', [...loanIds])
    .execute();
  return new Map(rows.map((row) => [row.id, { barcode: row.barcode, title: row.title }]));
}

/** Store the item properties (CH) a kiosk or sorter sent. */
export async function saveSipItemProperties(db: Kysely<Database>, institutionId: string, itemId: string, properties: string, at: string): Promise<void> {
  await db.updateTable('item').set({ sip_properties: properties, updated_at: at }).where('institution_id', '=', institutionId).where('id', '=', itemId).execute();
}

import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, HoldingTable, ItemTable } from '../../db/schema.ts';

/** Holdings and items as the catalogue's services write them; every read is scoped by institution or by a row already found in it. */

export async function findHoldingId(db: Kysely<Database>, instanceId: string, locationId: string, callNumber: string | null): Promise<string | undefined> {
  let query = db.selectFrom('holding').select('id').where('instance_id', '=', instanceId).where('location_id', '=', locationId);
  query = callNumber === null ? query.where('call_number', 'is', null) : query.where('call_number', '=', callNumber);
  return (await query.executeTakeFirst())?.id;
}

export async function insertHolding(db: Kysely<Database>, row: Insertable<HoldingTable>): Promise<void> {
  await db.insertInto('holding').values(row).execute();
}

export async function placementOfHolding(db: Kysely<Database>, holdingId: string) {
  return db.selectFrom('holding').select(['location_id', 'call_number']).where('id', '=', holdingId).executeTakeFirstOrThrow();
}

/** Whether another item of the institution has this barcode. */
export async function barcodeIsTaken(db: Kysely<Database>, institutionId: string, barcode: string, exceptItemId?: string): Promise<boolean> {
  let query = db.selectFrom('item').select('id').where('institution_id', '=', institutionId).where('barcode', '=', barcode);
  if (exceptItemId) query = query.where('id', '<>', exceptItemId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The first of these barcodes another item of the institution already has. */
export async function firstTakenBarcode(db: Kysely<Database>, institutionId: string, barcodes: string[]): Promise<string | undefined> {
  const taken = await db.selectFrom('item').select('barcode').where('institution_id', '=', institutionId).where('barcode', 'in', barcodes).executeTakeFirst();
  return taken?.barcode;
}

export async function insertItem(db: Kysely<Database>, row: Insertable<ItemTable>): Promise<void> {
  await db.insertInto('item').values(row).execute();
}

export async function findItemRow(db: Kysely<Database>, institutionId: string, itemId: string) {
  return db.selectFrom('item').selectAll().where('institution_id', '=', institutionId).where('id', '=', itemId).executeTakeFirst();
}

export async function updateItemRow(db: Kysely<Database>, itemId: string, changes: Updateable<ItemTable>): Promise<void> {
  await db.updateTable('item').set(changes).where('id', '=', itemId).execute();
}

export async function updateInstanceRow(db: Kysely<Database>, instanceId: string, changes: Updateable<Database['instance']>): Promise<void> {
  await db.updateTable('instance').set(changes).where('id', '=', instanceId).execute();
}

/** Codes of the item vocabularies (material and loan types), sorted, for imports that speak in codes. */
export async function itemTypeCodes(db: Kysely<Database>, table: 'material_type' | 'loan_type', institutionId: string) {
  return db.selectFrom(table).select(['id', 'code']).where('institution_id', '=', institutionId).orderBy('code').execute();
}

/** Store the item properties (CH) a kiosk or sorter sent with SIP2 19. */
export async function saveSipItemProperties(db: Kysely<Database>, institutionId: string, itemId: string, properties: string, at: string): Promise<void> {
  await db.updateTable('item').set({ sip_properties: properties, updated_at: at }).where('institution_id', '=', institutionId).where('id', '=', itemId).execute();
}

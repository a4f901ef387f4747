import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ItemStatus } from './item-status.ts';

/** What other modules may read of a title's copies (the requests queue moves, pages and checks them), within one institution. */

export interface CopyOfTitle {
  id: string;
  status: ItemStatus;
  instanceId: string;
}

/** A copy by its barcode, with its status and title; undefined when the institution has none. */
export async function copyByBarcode(db: Kysely<Database>, institutionId: string, barcode: string): Promise<CopyOfTitle | undefined> {
  const row = await db.selectFrom('item').select(['id', 'status', 'instance_id']).where('institution_id', '=', institutionId).where('barcode', '=', barcode).executeTakeFirst();
  return row && { id: row.id, status: row.status, instanceId: row.instance_id };
}

/** A copy by its id, with its status and title; undefined when the institution has none. */
export async function copyById(db: Kysely<Database>, institutionId: string, itemId: string): Promise<CopyOfTitle | undefined> {
  const row = await db.selectFrom('item').select(['id', 'status', 'instance_id']).where('institution_id', '=', institutionId).where('id', '=', itemId).executeTakeFirst();
  return row && { id: row.id, status: row.status, instanceId: row.instance_id };
}

/** Every copy of a title, by barcode. */
export async function copiesOfTitle(db: Kysely<Database>, institutionId: string, instanceId: string): Promise<CopyOfTitle[]> {
  const rows = await db.selectFrom('item').select(['id', 'status', 'instance_id']).where('institution_id', '=', institutionId).where('instance_id', '=', instanceId).orderBy('barcode').execute();
  return rows.map((row) => ({ id: row.id, status: row.status, instanceId: row.instance_id }));
}

export async function titleExists(db: Kysely<Database>, institutionId: string, instanceId: string): Promise<boolean> {
  return (await db.selectFrom('instance').select('id').where('institution_id', '=', institutionId).where('id', '=', instanceId).executeTakeFirst()) !== undefined;
}

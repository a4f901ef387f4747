import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Material types and loan types: the two item vocabularies circulation rules match on. */
export type ItemTypeTable = 'material_type' | 'loan_type';

export interface ReferenceTypeView {
  id: string;
  code: string;
  name: string;
  description: string | null;
}

export async function referenceCodeIsTaken(db: Kysely<Database>, table: ItemTypeTable, institutionId: string, code: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom(table).select('id').where('institution_id', '=', institutionId).where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function findReferenceType(db: Kysely<Database>, table: ItemTypeTable, institutionId: string, id: string): Promise<ReferenceTypeView | undefined> {
  return db.selectFrom(table).select(['id', 'code', 'name', 'description']).where('institution_id', '=', institutionId).where('id', '=', id).executeTakeFirst();
}

export async function insertReferenceType(db: Kysely<Database>, table: ItemTypeTable, institutionId: string, row: ReferenceTypeView): Promise<void> {
  await db.insertInto(table).values({ ...row, institution_id: institutionId }).execute();
}

export async function updateReferenceTypeRow(db: Kysely<Database>, table: ItemTypeTable, id: string, row: Omit<ReferenceTypeView, 'id'>): Promise<void> {
  await db.updateTable(table).set(row).where('id', '=', id).execute();
}

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, FeeTypeKind, FeeTypeTable, WaiverReasonTable } from '../../db/schema.ts';

export type FeeTypeRow = Selectable<FeeTypeTable>;
export type WaiverReasonRow = Selectable<WaiverReasonTable>;

export async function listFeeTypes(trx: Kysely<Database>, institutionId: string): Promise<FeeTypeRow[]> {
  return trx.selectFrom('fee_type').selectAll().where('institution_id', '=', institutionId).orderBy('name').execute();
}

export async function findFeeType(trx: Kysely<Database>, institutionId: string, by: { id: string } | { code: string }): Promise<FeeTypeRow | undefined> {
  let query = trx.selectFrom('fee_type').selectAll().where('institution_id', '=', institutionId);
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('code', '=', by.code);
  return query.executeTakeFirst();
}

/** The active fee type of a kind, preferring the built-in one whose code is the kind itself. */
export async function findFeeTypeOfKind(trx: Kysely<Database>, institutionId: string, kind: FeeTypeKind): Promise<FeeTypeRow | undefined> {
  const rows = await trx.selectFrom('fee_type').selectAll().where('institution_id', '=', institutionId).where('kind', '=', kind).orderBy('code').execute();
  return rows.find((row) => row.code === kind) ?? rows.find((row) => Boolean(row.active));
}

export async function insertFeeType(trx: Kysely<Database>, row: Insertable<FeeTypeTable>): Promise<void> {
  await trx.insertInto('fee_type').values(row).execute();
}

export async function listWaiverReasons(trx: Kysely<Database>, institutionId: string): Promise<WaiverReasonRow[]> {
  return trx.selectFrom('waiver_reason').selectAll().where('institution_id', '=', institutionId).orderBy('name').execute();
}

export async function findWaiverReason(trx: Kysely<Database>, institutionId: string, by: { id: string } | { code: string }): Promise<WaiverReasonRow | undefined> {
  let query = trx.selectFrom('waiver_reason').selectAll().where('institution_id', '=', institutionId);
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('code', '=', by.code);
  return query.executeTakeFirst();
}

export async function insertWaiverReason(trx: Kysely<Database>, row: Insertable<WaiverReasonTable>): Promise<void> {
  await trx.insertInto('waiver_reason').values(row).execute();
}

export async function updateFeeTypeRow(trx: Kysely<Database>, feeTypeId: string, set: Partial<Insertable<FeeTypeTable>>): Promise<void> {
  await trx.updateTable('fee_type').set(set).where('id', '=', feeTypeId).execute();
}

export async function updateWaiverReasonRow(trx: Kysely<Database>, waiverReasonId: string, set: Partial<Insertable<WaiverReasonTable>>): Promise<void> {
  await trx.updateTable('waiver_reason').set(set).where('id', '=', waiverReasonId).execute();
}

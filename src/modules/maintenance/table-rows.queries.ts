import { sql, type Kysely, type SqlBool } from 'kysely';
import { inByteOrder } from '../../db/dialect-sql.ts';
import type { Database } from '../../db/schema.ts';
import type { LiveTable } from './live-schema.queries.ts';

/** Whole tables read and written by name: export and import work on every table alike. */

/** One page of a table's rows in primary-key byte order, after the key `after` (null: from the start). */
export async function pageOfTable(db: Kysely<any>, table: LiveTable, after: unknown[] | null, pageSize: number): Promise<Array<Record<string, unknown>>> {
  const keys = table.key.map((column) => inByteOrder(db, column));
  let query = db.selectFrom(table.name).select(table.columns);
  if (after) query = query.where(sql<SqlBool>`(${sql.join(keys)}) > (${sql.join(after)})`);
  for (const key of keys) query = query.orderBy(key);
  return query.limit(pageSize).execute();
}

export async function insertTableRows(trx: Kysely<any>, tableName: string, rows: Array<Record<string, unknown>>): Promise<void> {
  await trx.insertInto(tableName).values(rows).execute();
}

export async function institutionIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('institution').select('id').execute();
  return rows.map((row) => row.id);
}

/** Fresh planner statistics after a bulk load. */
export async function refreshPlannerStatistics(db: Kysely<Database>): Promise<void> {
  await sql`analyze`.execute(db);
}

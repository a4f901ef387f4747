import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { exportedTables, isDerivedTable, skippedTables, type ExportedTable } from './exported-tables.ts';

/** What the database itself says about its tables, checked against the export's table list. */

export interface LiveTable extends ExportedTable {
  /** Column names in the table's own order. */
  columns: string[];
}

/** The name of the last migration applied: the schema version an export belongs to. */
export async function schemaVersionOf(db: Kysely<Database>): Promise<string> {
  const row = await (db as Kysely<any>).selectFrom('schema_migration').select('name').orderBy('name', 'desc').limit(1).executeTakeFirst();
  if (!row) throw new DomainError('CONFLICT', 'This database has no schema yet: run `carrel migrate` first.');
  return String(row.name);
}

/**
 * Every exported table with its live columns. Refuses when the database holds a table the export
 * does not know (rows would be left behind) or lacks one it expects (an older schema).
 */
export async function liveExportedTables(db: Kysely<Database>): Promise<LiveTable[]> {
  const tables = await db.introspection.getTables();
  const byName = new Map(tables.filter((table) => !table.isView).map((table) => [table.name, table.columns.map((column) => column.name)]));
  const unknown = [...byName.keys()].filter((name) => !isDerivedTable(name) && !skippedTables.has(name) && !exportedTables.some((table) => table.name === name));
  if (unknown.length > 0) {
    throw new DomainError('CONFLICT', `The database has tables the export does not know: ${unknown.join(', ')}. Add them to src/modules/maintenance/exported-tables.ts.`, { tables: unknown });
  }
  return exportedTables.map((table) => {
    const columns = byName.get(table.name);
    if (!columns) throw new DomainError('CONFLICT', `The database has no ${table.name} table: migrate it first (\`carrel migrate\`).`, { table: table.name });
    return { ...table, columns };
  });
}

/** Row counts of the exported tables, in export order. */
export async function rowCounts(db: Kysely<Database>, tables: readonly ExportedTable[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const row = await (db as Kysely<any>).selectFrom(table.name).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    counts.set(table.name, Number(row.count));
  }
  return counts;
}

/** Foreign keys as (table → referenced table), for checking that the export order respects them. */
export async function foreignKeyTargets(db: Kysely<Database>): Promise<Array<{ table: string; references: string }>> {
  const query =
    dialectOf(db) === 'sqlite'
      ? sql<{ table: string; references: string }>`select m.name as "table", f."table" as "references"
          from sqlite_master m join pragma_foreign_key_list(m.name) f where m.type = 'table'`
      : sql<{ table: string; references: string }>`select tc.table_name as "table", ccu.table_name as "references"
          from information_schema.table_constraints tc
          join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
          where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`;
  return (await query.execute(db)).rows;
}

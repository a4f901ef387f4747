import { CompiledQuery, sql, type Kysely } from 'kysely';
import { dialectOf } from './database.ts';
import type { Database } from './schema.ts';

// SQLite's SQLITE_MAX_VARIABLE_NUMBER is 32,766 bound parameters per statement.
const sqliteParameterLimit = 32_000;

type Row = Record<string, unknown>;

/**
 * Insert many rows fast, for seeding and bulk loads. SQLite: multi-row INSERT statements as large as
 * its parameter limit allows, the SQL text built once per size so it is prepared once. Kysely's query
 * builder stays out of the hot loop on both databases: at a million rows it costs more than the insert.
 */
export async function insertRows<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Row[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const dialect = dialectOf(db);
  if (dialect === 'postgres') return insertByColumnArrays(db, table, columns, rows);
  const rowsPerStatement = Math.max(1, Math.floor(sqliteParameterLimit / columns.length));
  const statementTexts = new Map<number, string>();
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const batch = rows.slice(start, start + rowsPerStatement);
    let text = statementTexts.get(batch.length);
    if (!text) {
      text = insertStatement(table, columns, batch.length);
      statementTexts.set(batch.length, text);
    }
    const parameters: unknown[] = new Array(batch.length * columns.length);
    let index = 0;
    for (const row of batch) {
      for (const column of columns) parameters[index++] = row[column] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

function insertStatement(table: string, columns: string[], rowCount: number): string {
  const quoted = columns.map((column) => `"${column}"`).join(', ');
  const tuples: string[] = new Array(rowCount);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  tuples.fill(tuple);
  return `insert into "${table}" (${quoted}) values ${tuples.join(', ')}`;
}

// A memo, not state: a table's column types follow from the migrations this code ships, the same in
// every Carrel database the process opens, so it is read once per table instead of once per batch.
const postgresColumnTypes = new Map<string, Map<string, string>>();

/**
 * PostgreSQL: one array parameter per column, unnested into rows. The statement stays tiny whatever
 * the batch size, where a VALUES list of 65,000 parameters costs the server more to parse than to insert.
 */
async function insertByColumnArrays(db: Kysely<Database>, table: string, columns: string[], rows: readonly Row[]): Promise<void> {
  let types = postgresColumnTypes.get(table);
  if (!types) {
    const found = await sql<{ column_name: string; udt_name: string }>`select column_name, udt_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(db);
    types = new Map(found.rows.map((row) => [row.column_name, row.udt_name]));
    postgresColumnTypes.set(table, types);
  }
  const columnTypes = types;
  const arrays = columns.map((column, index) => `$${index + 1}::${columnTypes.get(column) ?? 'text'}[]`).join(', ');
  const text = `insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) select * from unnest(${arrays})`;
  const batchSize = 10_000;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const parameters = columns.map((column) => batch.map((row) => row[column] ?? null));
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

import { sql, type Insertable, type Kysely } from 'kysely';
import { dialectOf } from '../../db/database.ts';
import type { Database, PatronTable } from '../../db/schema.ts';

// Several hundred rows per statement keeps a 30,000-row file to a few dozen round trips while
// staying far below both databases' limits on bound parameters (SQLite 32,766, PostgreSQL 65,535).
const rowsPerStatement = 500;

function chunksOf<T>(rows: T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) chunks.push(rows.slice(start, start + rowsPerStatement));
  return chunks;
}

export async function insertPatrons(trx: Kysely<Database>, rows: Insertable<PatronTable>[]): Promise<void> {
  for (const chunk of chunksOf(rows)) await trx.insertInto('patron').values(chunk).execute();
}

const dateColumns = new Set(['birth_date', 'expires_on']);
const instantColumns = new Set(['updated_at']);

/**
 * Update many patrons with one statement per chunk: UPDATE ... FROM a VALUES list (SQLite 3.33+
 * and PostgreSQL). Every row sets the same columns. PostgreSQL reads the VALUES as text, so
 * dates and instants are cast back.
 */
export async function updatePatrons(trx: Kysely<Database>, columns: string[], rows: Array<Record<string, unknown> & { id: string }>): Promise<void> {
  if (rows.length === 0) return;
  const postgres = dialectOf(trx) === 'postgres';
  const valueOf = (column: string) => {
    const ref = sql.ref(`v.${column}`);
    if (postgres && dateColumns.has(column)) return sql`cast(${ref} as date)`;
    if (postgres && instantColumns.has(column)) return sql`cast(${ref} as timestamptz)`;
    return ref;
  };
  const all = ['id', ...columns];
  for (const chunk of chunksOf(rows)) {
    await sql`
      with v (${sql.join(all.map((column) => sql.id(column)))}) as (
        values ${sql.join(chunk.map((row) => sql`(${sql.join(all.map((column) => row[column] ?? null))})`))}
      )
      update patron set ${sql.join(columns.map((column) => sql`${sql.id(column)} = ${valueOf(column)}`))}
      from v where patron.id = v.id`.execute(trx);
  }
}

/** The same events recordAuditEvent writes, inserted several hundred at a time for bulk loads. */

import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { fromValuesText } from '../../db/dialect-sql.ts';
import type { Database, PatronTable } from '../../db/schema.ts';
import { yieldToEventLoop } from '../../platform/event-loop.ts';

// Several hundred rows per statement keeps a 30,000-row file to a few dozen round trips while
// staying far below both databases' limits on bound parameters (SQLite 32,766, PostgreSQL 65,535).
const rowsPerStatement = 500;

function chunksOf<T>(rows: T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) chunks.push(rows.slice(start, start + rowsPerStatement));
  return chunks;
}

const importedColumns = [
  'id', 'institution_id', 'barcode', 'patron_group_id', 'external_id', 'first_name', 'middle_name', 'last_name', 'preferred_first_name',
  'email', 'phone', 'address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country', 'birth_date', 'expires_on', 'status',
  'keep_loan_history', 'created_at', 'updated_at', 'name_key', 'search_text',
] as const;

export type ImportablePatron = Pick<Selectable<PatronTable>, (typeof importedColumns)[number]>;

/**
 * Every patron of the institution, a few thousand at a time (by id) with a turn of the event loop
 * between pages: reading 30,000 patrons in one go holds a SQLite server for a second.
 */
export async function patronsForImport(trx: Kysely<Database>, institutionId: string): Promise<ImportablePatron[]> {
  const patrons: ImportablePatron[] = [];
  for (;;) {
    const after = patrons.at(-1)?.id;
    let query = trx.selectFrom('patron').select(importedColumns).where('institution_id', '=', institutionId);
    if (after !== undefined) query = query.where('id', '>', after);
    const page = await query.orderBy('id').limit(patronsPerPage).execute();
    patrons.push(...page);
    if (page.length < patronsPerPage) return patrons;
    await yieldToEventLoop();
  }
}

const patronsPerPage = 2000;

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
  const valueOf = (column: string) => {
    const ref = sql.ref(`v.${column}`);
    if (dateColumns.has(column)) return fromValuesText(trx, ref, 'date');
    if (instantColumns.has(column)) return fromValuesText(trx, ref, 'instant');
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

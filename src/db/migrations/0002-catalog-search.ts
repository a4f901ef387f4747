import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';

/**
 * The catalogue's keyword index. SQLite: an FTS5 table whose rowids come from instance_search_row
 * (instance ids are UUIDs, FTS5 wants integers). PostgreSQL: one weighted tsvector per instance
 * with a GIN index, accents folded by carrel_fold() (unaccent when the cluster has it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`create table instance_search_row (
      rowid integer primary key,
      instance_id text not null unique references instance(id) on delete cascade
    )`.execute(db);
    await sql`create virtual table instance_search using fts5(
      title, contributors, subjects, identifiers, call_numbers,
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    // Removing an instance removes its row map by cascade; take its index row with it.
    await sql`create trigger instance_search_row_delete after delete on instance_search_row begin
      delete from instance_search where rowid = old.rowid;
    end`.execute(db);
    return;
  }

  // A subtransaction: a cluster without the extension (or without the right to create it) must not
  // abort the migration; carrel_fold then falls back to Unicode decomposition.
  await sql.raw(`do $$ begin create extension if not exists unaccent; exception when others then null; end $$`).execute(db);
  const unaccent = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db);
  const schema = unaccent.rows[0]?.schema;
  const body = schema
    ? `select lower(${quoteIdent(schema)}.unaccent(${sqlString(`${quoteIdent(schema)}.unaccent`)}::regdictionary, coalesce(value, '')))`
    : `select lower(regexp_replace(normalize(coalesce(value, ''), NFD), '[\\u0300-\\u036f]', '', 'g'))`;
  await sql.raw(`create or replace function carrel_fold(value text) returns text language sql immutable parallel safe as $fold$ ${body} $fold$`).execute(db);

  await sql`create table instance_search (
    instance_id text primary key references instance(id) on delete cascade,
    institution_id text not null references institution(id),
    document tsvector not null
  )`.execute(db);
  await sql`create index instance_search_document on instance_search using gin (document)`.execute(db);
  await sql`create index instance_search_institution on instance_search (institution_id)`.execute(db);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`drop trigger if exists instance_search_row_delete`.execute(db);
    await sql`drop table if exists instance_search`.execute(db);
    await sql`drop table if exists instance_search_row`.execute(db);
    return;
  }
  await sql`drop table if exists instance_search`.execute(db);
  await sql`drop function if exists carrel_fold(text)`.execute(db);
}

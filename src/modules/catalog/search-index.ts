import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Keeps the keyword index (created by migration 0002) in step with the catalogue. Both functions are
 * set-based INSERT ... SELECT: the documents are assembled by the database from the instance's JSON
 * columns and its holdings' call numbers, so rebuilding 30,000 instances is one statement.
 */

const batchSize = 500;

/** Refresh the index rows of these instances (call inside the transaction that changed them). */
export async function reindexInstances(db: Kysely<Database>, instanceIds: string[]): Promise<void> {
  const ids = [...new Set(instanceIds)];
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    const chosen = sql<SqlBool>`i.id in (${sql.join(batch)})`;
    if (dialectOf(db) === 'sqlite') {
      await sql`delete from instance_search where rowid in (select rowid from instance_search_row where instance_id in (${sql.join(batch)}))`.execute(db);
      await fillSqlite(db, chosen);
    } else {
      await sql`delete from instance_search where instance_id in (${sql.join(batch)})`.execute(db);
      await fillPostgres(db, chosen);
    }
  }
}

/** Rebuild every index row of an institution (after bulk loads: the demo seed, a large import). */
export async function rebuildSearchIndex(db: Kysely<Database>, institutionId: string): Promise<void> {
  const chosen = sql<SqlBool>`i.institution_id = ${institutionId}`;
  if (dialectOf(db) === 'sqlite') {
    await sql`delete from instance_search where rowid in (
      select r.rowid from instance_search_row r join instance i on i.id = r.instance_id where ${chosen})`.execute(db);
    await fillSqlite(db, chosen);
  } else {
    await sql`delete from instance_search where institution_id = ${institutionId}`.execute(db);
    await fillPostgres(db, chosen);
  }
}

async function fillSqlite(db: Kysely<Database>, chosen: Expression<SqlBool>): Promise<void> {
  await sql`insert into instance_search_row (instance_id) select i.id from instance i where ${chosen}
    on conflict (instance_id) do nothing`.execute(db);
  const names = (column: string) => sql`(select group_concat(case when j.type = 'object' then json_extract(j.value, '$.name') else j.value end, ' ')
    from json_each(${sql.ref(`i.${column}`)}) j)`;
  const values = (column: string) => sql`(select group_concat(j.value, ' ') from json_each(${sql.ref(`i.${column}`)}) j)`;
  await sql`insert into instance_search (rowid, title, contributors, subjects, identifiers, call_numbers)
    select r.rowid,
      i.title || coalesce(' ' || i.subtitle, ''),
      coalesce(${names('contributors')}, ''),
      coalesce(${values('subjects')}, ''),
      trim(coalesce(${values('isbns')}, '') || ' ' || coalesce(${values('issns')}, '') || ' ' ||
        coalesce(${values('oclc_numbers')}, '') || ' ' || coalesce(i.lccn, '')),
      coalesce((select group_concat(h.call_number, ' ') from holding h where h.instance_id = i.id), '')
    from instance i join instance_search_row r on r.instance_id = i.id
    where ${chosen}`.execute(db);
}

/** One weighted part of the PostgreSQL document; punctuation becomes space so "QA76.73" splits as on SQLite. */
function weighted(text: RawBuilder<unknown>, weight: 'A' | 'B' | 'C' | 'D'): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('simple', regexp_replace(carrel_fold(coalesce(${text}, '')), '[^[:alnum:]]+', ' ', 'g')), ${sql.lit(weight)})`;
}

async function fillPostgres(db: Kysely<Database>, chosen: Expression<SqlBool>): Promise<void> {
  const names = (column: string) => sql`(select string_agg(case when jsonb_typeof(j) = 'object' then j->>'name' else j #>> '{}' end, ' ')
    from jsonb_array_elements(${sql.ref(`i.${column}`)}::jsonb) j)`;
  const values = (column: string) => sql`(select string_agg(j #>> '{}', ' ') from jsonb_array_elements(${sql.ref(`i.${column}`)}::jsonb) j)`;
  const document = sql.join(
    [
      weighted(sql`i.title || coalesce(' ' || i.subtitle, '')`, 'A'),
      weighted(names('contributors'), 'B'),
      weighted(values('subjects'), 'C'),
      weighted(
        sql`concat_ws(' ', ${values('isbns')}, ${values('issns')}, ${values('oclc_numbers')}, i.lccn,
          (select string_agg(h.call_number, ' ') from holding h where h.instance_id = i.id))`,
        'D',
      ),
    ],
    sql` || `,
  );
  await sql`insert into instance_search (instance_id, institution_id, document)
    select i.id, i.institution_id, ${document} from instance i where ${chosen}
    on conflict (instance_id) do update set document = excluded.document, institution_id = excluded.institution_id`.execute(db);
}

import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf } from './database.ts';
import type { Database } from './schema.ts';

/**
 * The catalogue's keyword index on both databases (the table is made by migration 0002): FTS5 with
 * bm25 on SQLite, a weighted tsvector with ts_rank_cd on PostgreSQL. The catalog module says which
 * instances to index and what to look for; the SQL that differs lives here. Both fills are set-based
 * INSERT ... SELECT: the database assembles each document from the instance's JSON columns and its
 * holdings' call numbers, so rebuilding 30,000 instances is one statement.
 */

/** Forget the index rows of these instances (before filling them again). */
export async function deleteKeywordRowsOfInstances(db: Kysely<Database>, instanceIds: readonly string[]): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`delete from instance_search where rowid in (select rowid from instance_search_row where instance_id in (${sql.join(instanceIds)}))`.execute(db);
  } else {
    await sql`delete from instance_search where instance_id in (${sql.join(instanceIds)})`.execute(db);
  }
}

/** Forget every index row of an institution (before a rebuild). */
export async function deleteKeywordRowsOfInstitution(db: Kysely<Database>, institutionId: string): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`delete from instance_search where rowid in (
      select r.rowid from instance_search_row r join instance i on i.id = r.instance_id where i.institution_id = ${institutionId})`.execute(db);
  } else {
    await sql`delete from instance_search where institution_id = ${institutionId}`.execute(db);
  }
}

/** Index the instances `i` that `chosen` selects (their rows must have been deleted first). */
export async function fillKeywordIndex(db: Kysely<Database>, chosen: Expression<SqlBool>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await fillSqlite(db, chosen);
  else await fillPostgres(db, chosen);
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

/**
 * The instances whose index rows hold every word (the last one as a prefix: "hist" finds "history"),
 * as a subquery of (instance_id, score), lower score better. `words` are letters and digits only
 * (catalog's queryWords), so nothing typed reaches the FTS5 or tsquery syntax.
 */
export function keywordHits(db: Kysely<Database>, institutionId: string, words: readonly string[]): RawBuilder<unknown> {
  return dialectOf(db) === 'sqlite'
    ? sql`select r.instance_id, bm25(instance_search, 10.0, 4.0, 2.0, 1.0, 1.0) as score
            from instance_search s join instance_search_row r on r.rowid = s.rowid
            where instance_search match ${words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ')}`
    : sql`select s.instance_id, -ts_rank_cd(s.document, q.query) as score
            from instance_search s, to_tsquery('simple', carrel_fold(${words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(' & ')})) as q(query)
            where s.institution_id = ${institutionId} and s.document @@ q.query`;
}

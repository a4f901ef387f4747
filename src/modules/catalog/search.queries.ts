import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { someJsonArrayElement } from '../../db/dialect-sql.ts';
import { keywordHits } from '../../db/full-text-search.ts';
import type { Database } from '../../db/schema.ts';
import { shelvingOrderOf } from './call-number.ts';
import { isbnVariants } from './isbn.ts';

/** What a catalogue search may combine; every condition narrows the result (AND). */
export interface CatalogSearch {
  institutionId: string;
  q?: string | undefined;
  format?: string | undefined;
  /** A location id or code: instances with a holding there. */
  location?: string | undefined;
  /** Only instances with at least one item on the shelf ('available'). */
  available?: boolean | undefined;
  barcode?: string | undefined;
  isbn?: string | undefined;
  callNumberPrefix?: string | undefined;
  limit: number;
  offset: number;
}

export interface InstanceSummary {
  id: string;
  title: string;
  subtitle: string | null;
  contributors: string[];
  publicationDate: string | null;
  format: string;
  language: string | null;
  isbns: string[];
  callNumbers: string[];
  availability: { available: number; total: number };
}

/**
 * Words of a query as the index holds them: accents folded, lower case, hyphens inside numbers
 * dropped so that "978-0-262-03384-8" finds the ISBN. Only letters and digits survive, so nothing a
 * user types can reach the FTS5 or tsquery syntax.
 */
export function queryWords(q: string): string[] {
  return q
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(\d)-(?=[\dx])/g, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 20);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Conditions on `i` (instance) other than the keywords. */
function conditionsOf(db: Kysely<Database>, search: CatalogSearch): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [sql<SqlBool>`i.institution_id = ${search.institutionId}`];
  if (search.format) conditions.push(sql<SqlBool>`i.format = ${search.format}`);
  if (search.location) {
    conditions.push(sql<SqlBool>`exists (select 1 from holding h join location l on l.id = h.location_id
      where h.instance_id = i.id and (l.id = ${search.location} or l.code = ${search.location}))`);
  }
  if (search.available) conditions.push(sql<SqlBool>`exists (select 1 from item it where it.instance_id = i.id and it.status = 'available')`);
  if (search.barcode) conditions.push(sql<SqlBool>`exists (select 1 from item it where it.instance_id = i.id and it.barcode = ${search.barcode.trim()})`);
  if (search.isbn) {
    const variants = isbnVariants(search.isbn);
    if (variants.length === 0) conditions.push(sql<SqlBool>`1 = 0`);
    else conditions.push(someJsonArrayElement(db, 'i.isbns', (isbn) => sql<SqlBool>`upper(replace(${isbn}, '-', '')) in (${sql.join(variants)})`));
  }
  if (search.callNumberPrefix) {
    const typed = escapeLike(search.callNumberPrefix.trim().toUpperCase());
    const key = escapeLike(shelvingOrderOf(search.callNumberPrefix));
    conditions.push(sql<SqlBool>`exists (select 1 from holding h where h.instance_id = i.id
      and (upper(h.call_number) like ${`${typed}%`} escape '\\' or h.shelving_order like ${`${key}%`} escape '\\'))`);
  }
  return conditions;
}

/** The instances matching a search, best first, with the page's summaries. */
export async function searchCatalog(db: Kysely<Database>, search: CatalogSearch): Promise<{ items: InstanceSummary[]; total: number }> {
  const where = sql.join(conditionsOf(db, search), sql` and `);
  const words = search.q ? queryWords(search.q) : [];
  const page = sql`limit ${search.limit} offset ${search.offset}`;
  let ids: string[];
  let total: number;
  if (words.length > 0) {
    // The last word may be unfinished: keywordHits matches it as a prefix ("hist" finds "history").
    const hits = keywordHits(db, search.institutionId, words);
    const from = sql`from instance i join (${hits}) hits on hits.instance_id = i.id where ${where}`;
    const rows = await sql<{ id: string }>`select i.id ${from} order by hits.score, i.title, i.id ${page}`.execute(db);
    const count = await sql<{ total: number }>`select count(*) as total ${from}`.execute(db);
    ids = rows.rows.map((row) => row.id);
    total = Number(count.rows[0]?.total ?? 0);
  } else {
    const order = search.callNumberPrefix
      ? sql`(select min(h.shelving_order) from holding h where h.instance_id = i.id), i.title, i.id`
      : sql`i.title, i.id`;
    const rows = await sql<{ id: string }>`select i.id from instance i where ${where} order by ${order} ${page}`.execute(db);
    const count = await sql<{ total: number }>`select count(*) as total from instance i where ${where}`.execute(db);
    ids = rows.rows.map((row) => row.id);
    total = Number(count.rows[0]?.total ?? 0);
  }
  return { items: await instanceSummaries(db, search.institutionId, ids), total };
}

function parseList(json: string): unknown[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** Contributor names from the JSON column, which holds { name, role } objects (or plain names). */
export function contributorNames(json: string): string[] {
  return parseList(json)
    .map((entry) => (typeof entry === 'string' ? entry : typeof entry === 'object' && entry && 'name' in entry ? String((entry as { name: unknown }).name) : ''))
    .filter((name) => name.length > 0);
}

export function stringList(json: string): string[] {
  return parseList(json).map(String);
}

/** Summaries for these instances, in the order given. */
export async function instanceSummaries(db: Kysely<Database>, institutionId: string, ids: string[]): Promise<InstanceSummary[]> {
  if (ids.length === 0) return [];
  const [instances, holdings, counts] = await Promise.all([
    // By primary key alone: with an institution condition too, a planner without statistics may
    // prefer the (institution_id, title) index and scan a whole catalog. Scope is checked below.
    db.selectFrom('instance').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('holding')
      .select(['instance_id', 'call_number'])
      .where('instance_id', 'in', ids)
      .where('call_number', 'is not', null)
      .orderBy('shelving_order')
      .execute(),
    db
      .selectFrom('item')
      .select((eb) => [
        'instance_id',
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'available').then(1).else(0).end()).as('available'),
      ])
      .where('instance_id', 'in', ids)
      .groupBy('instance_id')
      .execute(),
  ]);
  const byId = new Map(instances.filter((row) => row.institution_id === institutionId).map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const count = counts.find((entry) => entry.instance_id === id);
    return [
      {
        id,
        title: row.title,
        subtitle: row.subtitle,
        contributors: contributorNames(row.contributors),
        publicationDate: row.publication_date,
        format: row.format,
        language: row.language,
        isbns: stringList(row.isbns),
        callNumbers: [...new Set(holdings.filter((holding) => holding.instance_id === id).map((holding) => holding.call_number as string))],
        availability: { available: Number(count?.available ?? 0), total: Number(count?.total ?? 0) },
      },
    ];
  });
}

import { sql, type Expression, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { Database, PatronTable } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { requireInstitution } from '../org/index.ts';
import { foldedWords, nameKeyOf, normalizeEmail } from './patron.policy.ts';
import { toBlockRecord, toNoteRecord, toPatronRecord, type PatronRecord, type PatronRow } from './patron.record.ts';

function patronsWithGroup(db: Kysely<Database>, institutionId: string) {
  return db
    .selectFrom('patron')
    .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
    .where('patron.institution_id', '=', institutionId);
}

const withGroupColumns = ['patron_group.code as group_code', 'patron_group.name as group_name'] as const;

export async function findPatronRow(db: Kysely<Database>, institutionId: string, patronId: string): Promise<PatronRow | undefined> {
  return patronsWithGroup(db, institutionId).selectAll('patron').select(withGroupColumns).where('patron.id', '=', patronId).executeTakeFirst();
}

export async function requirePatronRow(db: Kysely<Database>, institutionId: string, patronId: string): Promise<PatronRow> {
  const row = await findPatronRow(db, institutionId, patronId);
  if (!row) throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.', { patronId });
  return row;
}

export async function insertPatronRow(db: Kysely<Database>, row: Insertable<PatronTable>): Promise<void> {
  await db.insertInto('patron').values(row).execute();
}

export async function updatePatronRow(db: Kysely<Database>, institutionId: string, patronId: string, changes: Updateable<PatronTable>): Promise<void> {
  await db.updateTable('patron').set(changes).where('id', '=', patronId).where('institution_id', '=', institutionId).execute();
}

/** What a patron sees of their own record and blocks: never a block's staff-only reason. */
export async function findPatronOwnView(db: Kysely<Database>, institutionId: string, patronId: string) {
  const patron = await db
    .selectFrom('patron')
    .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
    .select(['patron.barcode', 'patron.first_name', 'patron.preferred_first_name', 'patron.last_name', 'patron.email', 'patron.expires_on', 'patron_group.name as group_name'])
    .where('patron.institution_id', '=', institutionId)
    .where('patron.id', '=', patronId)
    .executeTakeFirst();
  if (!patron) return undefined;
  const blocks = await db
    .selectFrom('patron_block')
    .select(['patron_message', 'blocks_borrowing', 'expires_at'])
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .execute();
  return { patron, blocks };
}

export async function findPatronIdByBarcode(db: Kysely<Database>, institutionId: string, barcode: string): Promise<string | undefined> {
  const row = await db.selectFrom('patron').select('id').where('institution_id', '=', institutionId).where('barcode', '=', barcode).executeTakeFirst();
  return row?.id;
}

export async function findPatronIdByExternalId(db: Kysely<Database>, institutionId: string, externalId: string): Promise<string | undefined> {
  const row = await db.selectFrom('patron').select('id').where('institution_id', '=', institutionId).where('external_id', '=', externalId).executeTakeFirst();
  return row?.id;
}

export async function listPatronGroups(db: Kysely<Database>, institutionId: string) {
  return db.selectFrom('patron_group').select(['id', 'code', 'name', 'description']).where('institution_id', '=', institutionId).orderBy('name').execute();
}

export async function requirePatronGroup(db: Kysely<Database>, institutionId: string, groupId: string) {
  const group = await db.selectFrom('patron_group').selectAll().where('institution_id', '=', institutionId).where('id', '=', groupId).executeTakeFirst();
  if (!group) throw new DomainError('PATRON_GROUP_NOT_FOUND', 'There is no such patron group.', { patronGroupId: groupId });
  return group;
}

/** Whether another patron group of the institution already uses this code. */
export async function patronGroupCodeIsTaken(db: Kysely<Database>, institutionId: string, code: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('patron_group').select('id').where('institution_id', '=', institutionId).where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertPatronGroup(db: Kysely<Database>, institutionId: string, group: { id: string; code: string; name: string; description: string | null }): Promise<void> {
  await db.insertInto('patron_group').values({ ...group, institution_id: institutionId }).execute();
}

export async function updatePatronGroupRow(db: Kysely<Database>, groupId: string, group: { code: string; name: string; description: string | null }): Promise<void> {
  await db.updateTable('patron_group').set(group).where('id', '=', groupId).execute();
}

/** The institution's zone, from org (patrons keep no institution facts of their own). */
async function timeZoneOfInstitution(db: Kysely<Database>, institutionId: string): Promise<string> {
  return (await requireInstitution(db, institutionId)).time_zone;
}

/** Shape rows as patron records, with each patron's blocks in force and pop-up notes (two queries for the page). */
export async function describePatrons(db: Kysely<Database>, institutionId: string, rows: PatronRow[], now: Date): Promise<PatronRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [timeZone, blocks, notes] = await Promise.all([
    timeZoneOfInstitution(db, institutionId),
    db
      .selectFrom('patron_block')
      .selectAll()
      .where('institution_id', '=', institutionId)
      .where('patron_id', 'in', ids)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('patron_note')
      .selectAll()
      .where('institution_id', '=', institutionId)
      .where('patron_id', 'in', ids)
      .where('kind', '=', 'pop-up')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return rows.map((row) =>
    toPatronRecord(row, {
      now,
      timeZone,
      blocks: blocks.filter((block) => block.patron_id === row.id).map(toBlockRecord),
      popUpNotes: notes.filter((note) => note.patron_id === row.id).map(toNoteRecord),
    }),
  );
}

export interface PatronSearch {
  institutionId: string;
  barcode?: string | undefined;
  q?: string | undefined;
  patronGroupId?: string | undefined;
  status?: 'active' | 'inactive' | undefined;
  sort: 'name' | 'barcode' | 'expiresOn';
  limit: number;
  offset: number;
}

// Rows written before 0004 or by bulk loaders may lack the folded columns: fall back to lower().
const searchTextOrNames = sql<string>`coalesce(patron.search_text, ' ' || lower(patron.first_name || ' ' || coalesce(patron.preferred_first_name, '') || ' ' || patron.last_name) || ' ')`;
const nameKeyOrNames = sql<string>`coalesce(patron.name_key, lower(patron.last_name || '|' || patron.first_name))`;

function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function searchPatrons(db: Kysely<Database>, search: PatronSearch): Promise<{ rows: PatronRow[]; total: number }> {
  let query = patronsWithGroup(db, search.institutionId);
  if (search.barcode !== undefined) query = query.where('patron.barcode', '=', search.barcode.trim());
  if (search.patronGroupId) query = query.where('patron.patron_group_id', '=', search.patronGroupId);
  if (search.status) query = query.where('patron.status', '=', search.status);
  const q = search.q?.trim();
  if (q) {
    const words = foldedWords(q);
    query = query.where((eb) => {
      const matches: Expression<SqlBool>[] = [eb('patron.barcode', '=', q), eb('patron.external_id', '=', q)];
      if (q.includes('@')) matches.push(sql<SqlBool>`lower(patron.email) like ${`${likePattern(normalizeEmail(q))}%`} escape '\\'`);
      // Every word of the search must begin a word of the patron's names: 'jo smi' finds John Smith.
      if (words.length > 0) matches.push(eb.and(words.map((word) => sql<SqlBool>`${searchTextOrNames} like ${`% ${likePattern(word)}%`} escape '\\'`)));
      return eb.or(matches);
    });
  }
  let ordered = query.selectAll('patron').select(withGroupColumns);
  if (search.sort === 'barcode') ordered = ordered.orderBy('patron.barcode');
  else if (search.sort === 'expiresOn') ordered = ordered.orderBy(sql`patron.expires_on is null`).orderBy('patron.expires_on').orderBy(nameKeyOrNames);
  else ordered = ordered.orderBy(nameKeyOrNames).orderBy('patron.barcode');
  const [rows, count] = await Promise.all([
    ordered.orderBy('patron.id').limit(search.limit).offset(search.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export interface DuplicateProbe {
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
}

/** Other patrons who may be the same person: same folded name and birth date, or same email. */
export async function findPossibleDuplicateRows(db: Kysely<Database>, institutionId: string, probe: DuplicateProbe, excludePatronId?: string) {
  const email = probe.email ? normalizeEmail(probe.email) : null;
  if (!probe.birthDate && !email) return [];
  let query = patronsWithGroup(db, institutionId).where((eb) => {
    const matches: Expression<SqlBool>[] = [];
    if (probe.birthDate) matches.push(eb.and([eb(nameKeyOrNames, '=', nameKeyOf(probe)), eb('patron.birth_date', '=', probe.birthDate)]));
    if (email) matches.push(eb(sql`lower(patron.email)`, '=', email));
    return eb.or(matches);
  });
  if (excludePatronId) query = query.where('patron.id', '!=', excludePatronId);
  return query.selectAll('patron').select(withGroupColumns).orderBy('patron.barcode').limit(50).execute();
}

export async function listPatronNotes(db: Kysely<Database>, institutionId: string, patronId: string) {
  const rows = await db
    .selectFrom('patron_note')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toNoteRecord);
}

export async function listPatronBlocks(db: Kysely<Database>, institutionId: string, patronId: string) {
  const rows = await db
    .selectFrom('patron_block')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toBlockRecord);
}

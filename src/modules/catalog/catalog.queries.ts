import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ItemStatus } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { contributorNames, stringList } from './search.queries.ts';

/** The bibliographic fields an instance is created or edited with. */
export interface InstanceFields {
  title: string;
  subtitle?: string | null | undefined;
  statementOfResponsibility?: string | null | undefined;
  contributors?: Array<{ name: string; role: string }> | undefined;
  isbns?: string[] | undefined;
  issns?: string[] | undefined;
  oclcNumbers?: string[] | undefined;
  lccn?: string | null | undefined;
  publisher?: string | null | undefined;
  publicationPlace?: string | null | undefined;
  publicationDate?: string | null | undefined;
  edition?: string | null | undefined;
  physicalDescription?: string | null | undefined;
  subjects?: string[] | undefined;
  format?: string | undefined;
  language?: string | null | undefined;
}

export function instanceColumns(fields: Partial<InstanceFields>) {
  const json = (value: unknown[] | undefined) => (value === undefined ? undefined : JSON.stringify(value));
  const columns = {
    title: fields.title,
    subtitle: fields.subtitle,
    statement_of_responsibility: fields.statementOfResponsibility,
    contributors: json(fields.contributors),
    isbns: json(fields.isbns),
    issns: json(fields.issns),
    oclc_numbers: json(fields.oclcNumbers),
    lccn: fields.lccn,
    publisher: fields.publisher,
    publication_place: fields.publicationPlace,
    publication_date: fields.publicationDate,
    edition: fields.edition,
    physical_description: fields.physicalDescription,
    subjects: json(fields.subjects),
    format: fields.format,
    language: fields.language,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)) as Partial<typeof columns>;
}

export async function insertInstance(
  trx: Kysely<Database>,
  institutionId: string,
  fields: InstanceFields,
  source: { kind: 'manual' | 'marc' | 'demo'; recordId?: string | null; at: string },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('instance')
    .values({
      id,
      institution_id: institutionId,
      title: fields.title,
      subtitle: null,
      statement_of_responsibility: null,
      contributors: '[]',
      isbns: '[]',
      issns: '[]',
      oclc_numbers: '[]',
      lccn: null,
      publisher: null,
      publication_place: null,
      publication_date: null,
      edition: null,
      physical_description: null,
      subjects: '[]',
      language: null,
      ...instanceColumns(fields),
      source: source.kind,
      source_record_id: source.recordId ?? null,
      created_at: source.at,
      updated_at: source.at,
    })
    .execute();
  return id;
}

export function describeInstance(row: Selectable<Database['instance']>) {
  return {
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    statementOfResponsibility: row.statement_of_responsibility,
    contributors: JSON.parse(row.contributors) as Array<{ name: string; role: string }>,
    contributorNames: contributorNames(row.contributors),
    isbns: stringList(row.isbns),
    issns: stringList(row.issns),
    oclcNumbers: stringList(row.oclc_numbers),
    lccn: row.lccn,
    publisher: row.publisher,
    publicationPlace: row.publication_place,
    publicationDate: row.publication_date,
    edition: row.edition,
    physicalDescription: row.physical_description,
    subjects: stringList(row.subjects),
    format: row.format,
    language: row.language,
    source: row.source,
    sourceRecordId: row.source_record_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findInstanceRow(db: Kysely<Database>, institutionId: string, id: string) {
  return db.selectFrom('instance').selectAll().where('institution_id', '=', institutionId).where('id', '=', id).executeTakeFirst();
}

export interface ItemFilter {
  institutionId: string;
  barcode?: string | undefined;
  status?: ItemStatus | undefined;
  instanceId?: string | undefined;
  itemId?: string | undefined;
  limit: number;
  offset: number;
}

/** Items with what the desk needs beside them; location and loan type are the effective ones. */
function itemQuery(db: Kysely<Database>, filter: Omit<ItemFilter, 'limit' | 'offset'>) {
  let query = db
    .selectFrom('item as it')
    .innerJoin('instance as i', 'i.id', 'it.instance_id')
    .innerJoin('holding as h', 'h.id', 'it.holding_id')
    .innerJoin('location as l', (join) => join.on(sql<boolean>`l.id = coalesce(it.temporary_location_id, h.location_id)`))
    .innerJoin('material_type as mt', 'mt.id', 'it.material_type_id')
    .innerJoin('loan_type as lt', (join) => join.on(sql<boolean>`lt.id = coalesce(it.temporary_loan_type_id, it.loan_type_id)`))
    .where('it.institution_id', '=', filter.institutionId);
  if (filter.barcode) query = query.where('it.barcode', '=', filter.barcode.trim());
  if (filter.status) query = query.where('it.status', '=', filter.status);
  if (filter.instanceId) query = query.where('it.instance_id', '=', filter.instanceId);
  if (filter.itemId) query = query.where('it.id', '=', filter.itemId);
  return query;
}

async function selectItems(db: Kysely<Database>, filter: ItemFilter) {
  const rows = await itemQuery(db, filter)
    .select([
      'it.id', 'it.barcode', 'it.status', 'it.instance_id', 'it.holding_id', 'i.title', 'i.contributors', 'h.call_number',
      'l.id as location_id', 'l.code as location_code', 'l.name as location_name',
      'mt.id as material_type_id', 'mt.code as material_type_code', 'mt.name as material_type_name',
      'lt.id as loan_type_id', 'lt.code as loan_type_code', 'lt.name as loan_type_name',
      'it.copy_number', 'it.volume', 'it.enumeration', 'it.chronology', 'it.price_cents', 'it.replacement_cost_cents',
      'it.public_note', 'it.staff_note', 'it.status_changed_at', 'it.updated_at',
    ])
    .orderBy('h.shelving_order')
    .orderBy('it.copy_number')
    .orderBy('it.barcode')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    barcode: row.barcode,
    status: row.status,
    statusChangedAt: row.status_changed_at,
    instance: { id: row.instance_id, title: row.title, contributors: contributorNames(row.contributors) },
    holdingId: row.holding_id,
    callNumber: row.call_number,
    location: { id: row.location_id, code: row.location_code, name: row.location_name },
    materialType: { id: row.material_type_id, code: row.material_type_code, name: row.material_type_name },
    loanType: { id: row.loan_type_id, code: row.loan_type_code, name: row.loan_type_name },
    copyNumber: row.copy_number,
    volume: row.volume,
    enumeration: row.enumeration,
    chronology: row.chronology,
    priceCents: row.price_cents,
    replacementCostCents: row.replacement_cost_cents,
    publicNote: row.public_note,
    staffNote: row.staff_note,
    updatedAt: row.updated_at,
  }));
}

export type ItemView = Awaited<ReturnType<typeof selectItems>>[number];

export async function listItems(db: Kysely<Database>, filter: ItemFilter): Promise<{ items: ItemView[]; total: number }> {
  const [items, count] = await Promise.all([
    selectItems(db, filter),
    itemQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

export async function findItemView(db: Kysely<Database>, institutionId: string, itemId: string): Promise<ItemView | undefined> {
  return (await selectItems(db, { institutionId, itemId, limit: 1, offset: 0 }))[0];
}

/** An instance with its holdings (where, under which call number) and every item. */
export async function findInstanceDetail(db: Kysely<Database>, institutionId: string, id: string) {
  const row = await findInstanceRow(db, institutionId, id);
  if (!row) return undefined;
  const [holdings, items] = await Promise.all([
    db
      .selectFrom('holding as h')
      .innerJoin('location as l', 'l.id', 'h.location_id')
      .select(['h.id', 'h.call_number', 'h.shelving_order', 'h.public_note', 'h.staff_note', 'l.id as location_id', 'l.code as location_code', 'l.name as location_name'])
      .where('h.instance_id', '=', id)
      .where('h.institution_id', '=', institutionId)
      .orderBy('h.shelving_order')
      .orderBy('l.code')
      .execute(),
    selectItems(db, { institutionId, instanceId: id, limit: 10_000, offset: 0 }),
  ]);
  return {
    ...describeInstance(row),
    holdings: holdings.map((holding) => ({
      id: holding.id,
      location: { id: holding.location_id, code: holding.location_code, name: holding.location_name },
      callNumber: holding.call_number,
      shelvingOrder: holding.shelving_order,
      publicNote: holding.public_note,
      staffNote: holding.staff_note,
    })),
    items: items.map(({ instance: _instance, ...item }) => item),
  };
}

export async function listReferenceTypes(db: Kysely<Database>, table: 'material_type' | 'loan_type', institutionId: string) {
  const rows = await db.selectFrom(table).select(['id', 'code', 'name', 'description']).where('institution_id', '=', institutionId).orderBy('name').execute();
  return { items: rows, total: rows.length };
}

/** A reference row of this institution by id or code (forms and imports speak in codes). */
export async function findByIdOrCode(db: Kysely<Database>, table: 'material_type' | 'loan_type', institutionId: string, idOrCode: string) {
  return db
    .selectFrom(table)
    .select(['id', 'code', 'name'])
    .where('institution_id', '=', institutionId)
    .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
    .executeTakeFirst();
}

import type { Kysely } from 'kysely';
import type { Database, ItemStatus } from '../../../src/db/schema.ts';
import { shelvingOrderOf } from '../../../src/modules/catalog/call-number.ts';
import { reindexInstances } from '../../../src/modules/catalog/search-index.ts';
import { newId } from '../../../src/platform/ids.ts';
import type { InstitutionFixture } from './institution.ts';

export interface InstanceSpec {
  title: string;
  subtitle?: string;
  contributors?: string[];
  subjects?: string[];
  isbns?: string[];
  format?: string;
  language?: string;
  publicationDate?: string;
  publisher?: string;
}

export interface ItemSpec {
  barcode?: string;
  status?: ItemStatus;
  callNumber?: string;
  locationId?: string;
  materialTypeCode?: string;
  loanTypeCode?: string;
}

let barcodeCounter = 0;

/** A unique item barcode, the way a library prints them. */
export function nextBarcode(): string {
  barcodeCounter += 1;
  return `39000${String(process.pid % 10000).padStart(4, '0')}${String(barcodeCounter).padStart(5, '0')}`;
}

/** A bibliographic record with one holding and the given items, indexed for search. */
export async function makeInstance(
  db: Kysely<Database>,
  library: InstitutionFixture,
  spec: InstanceSpec,
  items: ItemSpec[] = [{}],
): Promise<{ instanceId: string; holdingIds: string[]; itemIds: string[]; barcodes: string[] }> {
  const instanceId = newId();
  await db
    .insertInto('instance')
    .values({
      id: instanceId,
      institution_id: library.institutionId,
      title: spec.title,
      subtitle: spec.subtitle ?? null,
      statement_of_responsibility: null,
      contributors: JSON.stringify((spec.contributors ?? []).map((name) => ({ name, role: 'author' }))),
      isbns: JSON.stringify(spec.isbns ?? []),
      issns: '[]',
      oclc_numbers: '[]',
      lccn: null,
      publisher: spec.publisher ?? null,
      publication_place: null,
      publication_date: spec.publicationDate ?? null,
      edition: null,
      physical_description: null,
      subjects: JSON.stringify(spec.subjects ?? []),
      format: spec.format ?? 'book',
      language: spec.language ?? 'eng',
      source: 'manual',
      source_record_id: null,
    })
    .execute();
  const holdings = new Map<string, string>();
  const itemIds: string[] = [];
  const barcodes: string[] = [];
  for (const item of items) {
    const locationId = item.locationId ?? library.locationId;
    const callNumber = item.callNumber ?? null;
    const key = `${locationId}|${callNumber ?? ''}`;
    let holdingId = holdings.get(key);
    if (!holdingId) {
      holdingId = newId();
      holdings.set(key, holdingId);
      await db
        .insertInto('holding')
        .values({
          id: holdingId,
          institution_id: library.institutionId,
          instance_id: instanceId,
          location_id: locationId,
          call_number: callNumber,
          call_number_prefix: null,
          shelving_order: callNumber ? shelvingOrderOf(callNumber) : null,
          public_note: null,
          staff_note: null,
        })
        .execute();
    }
    const id = newId();
    const barcode = item.barcode ?? nextBarcode();
    await db
      .insertInto('item')
      .values({
        id,
        institution_id: library.institutionId,
        holding_id: holdingId,
        instance_id: instanceId,
        barcode,
        material_type_id: library.materialTypes[item.materialTypeCode ?? 'book']!,
        loan_type_id: library.loanTypes[item.loanTypeCode ?? 'standard']!,
        status: item.status ?? 'available',
        copy_number: null,
        volume: null,
        enumeration: null,
        chronology: null,
        price_cents: null,
        replacement_cost_cents: null,
        temporary_location_id: null,
        temporary_loan_type_id: null,
        public_note: null,
        staff_note: null,
      })
      .execute();
    itemIds.push(id);
    barcodes.push(barcode);
  }
  await reindexInstances(db, [instanceId]);
  return { instanceId, holdingIds: [...holdings.values()], itemIds, barcodes };
}

type FieldSpec = [tag: string, ...rest: Array<string | Buffer>];

/**
 * An ISO 2709 record from fields: [tag, value] for control fields, [tag, indicators, code, value, ...]
 * for data fields. Buffers are written as they are (for MARC-8 bytes); the leader says MARC-8.
 */
export function iso2709Record(fields: FieldSpec[], leader = '     nam  22     1  4500'): Buffer {
  const data = fields.map(([tag, ...rest]) => {
    const parts: Buffer[] = [];
    if (/^00/.test(tag)) parts.push(Buffer.from(String(rest[0])));
    else {
      parts.push(Buffer.from(String(rest[0])));
      for (let index = 1; index + 1 < rest.length; index += 2) {
        const value = rest[index + 1]!;
        parts.push(Buffer.from([0x1f]), Buffer.from(String(rest[index])), typeof value === 'string' ? Buffer.from(value, 'latin1') : value);
      }
    }
    parts.push(Buffer.from([0x1e]));
    return { tag, bytes: Buffer.concat(parts) };
  });
  let start = 0;
  const directory = data.map(({ tag, bytes }) => {
    const entry = `${tag}${String(bytes.length).padStart(4, '0')}${String(start).padStart(5, '0')}`;
    start += bytes.length;
    return entry;
  });
  const base = 24 + directory.length * 12 + 1;
  const length = base + start + 1;
  const fullLeader = `${String(length).padStart(5, '0')}${leader.slice(5, 12)}${String(base).padStart(5, '0')}${leader.slice(17)}`;
  return Buffer.concat([Buffer.from(fullLeader + directory.join('')), Buffer.from([0x1e]), ...data.map((field) => field.bytes), Buffer.from([0x1d])]);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A MARCXML book record with a 001, a 245 and the given data fields ([tag, ind1ind2-ish, code, value, ...]). */
export function marcxmlRecord(controlNumber: string, title: string, fields: string[][] = []): string {
  const datafields = fields.map(([tag, indicators = '  ', ...subfields]) => {
    const [ind1 = ' ', ind2 = ' '] = indicators.padEnd(2, ' ');
    const codes: string[] = [];
    for (let index = 0; index + 1 < subfields.length; index += 2) codes.push(`<subfield code="${subfields[index]}">${escapeXml(subfields[index + 1]!)}</subfield>`);
    return `<datafield tag="${tag}" ind1="${ind1}" ind2="${ind2}">${codes.join('')}</datafield>`;
  });
  return `<record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">${escapeXml(controlNumber)}</controlfield>` +
    `<datafield tag="245" ind1="0" ind2="0"><subfield code="a">${escapeXml(title)}</subfield></datafield>${datafields.join('')}</record>`;
}

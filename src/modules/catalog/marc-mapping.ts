import { cleanIsbn } from './isbn.ts';
import type { MarcRecord } from './marc-reader.ts';

/**
 * MARC 21 bibliographic record → Carrel instance, holdings and items. Pure: no database; codes
 * (locations, item types) are resolved by the import service.
 */

export class MarcMappingError extends Error {}

export interface MappedContributor {
  name: string;
  role: string;
}

export interface MappedInstance {
  title: string;
  subtitle: string | null;
  statementOfResponsibility: string | null;
  contributors: MappedContributor[];
  isbns: string[];
  issns: string[];
  oclcNumbers: string[];
  lccn: string | null;
  publisher: string | null;
  publicationPlace: string | null;
  publicationDate: string | null;
  edition: string | null;
  physicalDescription: string | null;
  subjects: string[];
  format: string;
  language: string | null;
  sourceRecordId: string | null;
}

export interface MappedHolding {
  locationCode: string | null;
  callNumber: string | null;
}

export interface MappedItem {
  barcode: string;
  locationCodes: string[];
  callNumber: string | null;
  itemTypeCode: string | null;
  copyNumber: string | null;
  enumeration: string | null;
  priceCents: number | null;
  replacementCostCents: number | null;
  publicNote: string | null;
  staffNote: string | null;
}

export interface MappedRecord {
  instance: MappedInstance;
  holdings: MappedHolding[];
  items: MappedItem[];
}

type Field = string[];

const fieldsOf = (record: MarcRecord, ...tags: string[]): Field[] => record.fields.filter((field) => tags.includes(field[0]!));
const controlValue = (record: MarcRecord, tag: string): string | null => fieldsOf(record, tag)[0]?.[1] ?? null;

function subfields(field: Field, codes: string): string[] {
  const values: string[] = [];
  for (let index = 2; index + 1 < field.length; index += 2) {
    if (codes.includes(field[index]!)) values.push(field[index + 1]!);
  }
  return values;
}

const first = (field: Field | undefined, code: string): string | null => (field ? (subfields(field, code)[0] ?? null) : null);

/**
 * Strip ISBD punctuation that only separates elements: " /", " :", " ;", " =", trailing commas and
 * a final period, but not the period of an initial ("Gatewood, Willard B.") or an ellipsis.
 */
export function withoutIsbdPunctuation(text: string): string {
  let value = text.trim().replace(/\s*[/:;=,]\s*$/, '').trim();
  if (value.endsWith('.') && !value.endsWith('..') && !/(^|[\s.])[A-Z]\.$/.test(value)) value = value.slice(0, -1).trim();
  return value;
}

const cleaned = (text: string | null): string | null => {
  if (text === null) return null;
  const value = withoutIsbdPunctuation(text);
  return value === '' ? null : value;
};

function contributorsOf(record: MarcRecord): MappedContributor[] {
  const contributors: MappedContributor[] = [];
  for (const field of fieldsOf(record, '100', '110', '111', '700', '710', '711')) {
    const parts = subfields(field, field[0]!.endsWith('10') ? 'ab' : field[0]!.endsWith('11') ? 'a' : 'aq');
    const name = cleaned(parts.join(' '));
    if (!name) continue;
    const relator = cleaned(first(field, 'e')) ?? first(field, '4');
    const role = relator ?? (field[0]!.startsWith('1') ? 'author' : 'contributor');
    if (!contributors.some((existing) => existing.name === name)) contributors.push({ name, role });
  }
  return contributors;
}

function subjectsOf(record: MarcRecord): string[] {
  const subjects = fieldsOf(record, '600', '610', '611', '630', '650', '651')
    .map((field) => {
      const heading = cleaned(subfields(field, 'abcdqt').join(' '));
      const subdivisions = subfields(field, 'vxyz').map(cleaned).filter((value): value is string => value !== null);
      return heading ? [heading, ...subdivisions].join(' -- ') : null;
    })
    .filter((subject): subject is string => subject !== null);
  return [...new Set(subjects)];
}

function oclcNumbersOf(record: MarcRecord): string[] {
  const numbers = fieldsOf(record, '035')
    .flatMap((field) => subfields(field, 'a'))
    .map((value) => /^\(OCoLC\)\s*(?:ocm|ocn|on)?\s*0*(\d+)/i.exec(value.trim())?.[1] ?? null)
    .filter((value): value is string => value !== null);
  return [...new Set(numbers)];
}

function issnsOf(record: MarcRecord): string[] {
  const issns = fieldsOf(record, '022')
    .flatMap((field) => subfields(field, 'a'))
    .map((value) => /(\d{4})-?(\d{3}[\dXx])/.exec(value)?.slice(1).join('-').toUpperCase() ?? null)
    .filter((value): value is string => value !== null);
  return [...new Set(issns)];
}

/** Leader/06 (type of record) and /07 (bibliographic level) → Carrel format. */
export function formatOf(record: MarcRecord): string {
  const type = record.leader[6] ?? 'a';
  const level = record.leader[7] ?? 'm';
  const formOfItem = (controlValue(record, '008') ?? '')[23];
  if ((type === 'a' || type === 't') && (level === 's' || level === 'i')) return 'periodical';
  if (type === 'a' && (level === 'a' || level === 'b')) return 'article';
  if (type === 'a' || type === 't') {
    if (formOfItem === 'o' || formOfItem === 's') return 'ebook';
    if (formOfItem === 'a' || formOfItem === 'b' || formOfItem === 'c') return 'microform';
    return type === 't' ? 'manuscript' : 'book';
  }
  switch (type) {
    case 'c':
    case 'd':
      return 'score';
    case 'e':
    case 'f':
      return 'map';
    case 'g':
      return 'dvd';
    case 'i':
    case 'j':
      return 'audio';
    case 'o':
      return 'kit';
    case 'r':
      return 'equipment';
    default:
      return 'other';
  }
}

function languageOf(record: MarcRecord): string | null {
  const fixed = (controlValue(record, '008') ?? '').slice(35, 38);
  if (/^[a-z]{3}$/.test(fixed) && fixed !== 'zxx' && fixed !== 'und') return fixed;
  const coded = first(fieldsOf(record, '041')[0], 'a')?.slice(0, 3).toLowerCase();
  return coded && /^[a-z]{3}$/.test(coded) ? coded : null;
}

function publicationOf(record: MarcRecord): { place: string | null; publisher: string | null; date: string | null } {
  const field = fieldsOf(record, '264').find((candidate) => candidate[1]?.[1] === '1') ?? fieldsOf(record, '260', '264')[0];
  const fixedDate = (controlValue(record, '008') ?? '').slice(7, 11);
  return {
    place: cleaned(first(field, 'a')),
    publisher: cleaned(first(field, 'b')),
    date: cleaned(first(field, 'c')) ?? (/^\d{4}$/.test(fixedDate) && fixedDate !== '9999' ? fixedDate : null),
  };
}

/** "12.50" → 1250; anything unreadable → null rather than a wrong price. */
function cents(text: string | null): number | null {
  const match = text ? /(\d+)(?:[.,](\d{1,2}))?/.exec(text) : null;
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

function bibliographicCallNumber(record: MarcRecord): string | null {
  const field = fieldsOf(record, '090', '050', '099', '092', '082')[0];
  if (!field) return null;
  const text = subfields(field, 'ab').join(' ').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/**
 * Items: Koha 952 ($p barcode, $o call number, $c/$a/$b location or library, $y item type,
 * $g price, $v replacement price, $t copy, $h enumeration, $z public and $x staff note) and the
 * common 949 layout ($i, $p or $z barcode, $h or $b call number, $l or $a location, $t item type,
 * $c copy, $g price).
 */
function itemsOf(record: MarcRecord, fallbackCallNumber: string | null): MappedItem[] {
  const items: MappedItem[] = [];
  for (const field of fieldsOf(record, '952', '949')) {
    const koha = field[0] === '952';
    const barcode = (koha ? first(field, 'p') : (first(field, 'i') ?? first(field, 'p') ?? first(field, 'z')))?.trim();
    if (!barcode) continue;
    items.push({
      barcode,
      locationCodes: (koha ? [first(field, 'c'), first(field, 'a'), first(field, 'b')] : [first(field, 'l'), first(field, 'a')])
        .map((code) => code?.trim() ?? '')
        .filter((code) => code !== ''),
      callNumber: (koha ? first(field, 'o') : (first(field, 'h') ?? first(field, 'b')))?.trim() || fallbackCallNumber,
      itemTypeCode: (koha ? first(field, 'y') : first(field, 't'))?.trim() || null,
      copyNumber: (koha ? first(field, 't') : first(field, 'c'))?.trim() || null,
      enumeration: koha ? first(field, 'h') : null,
      priceCents: cents(first(field, 'g')),
      replacementCostCents: koha ? cents(first(field, 'v')) : null,
      publicNote: koha ? first(field, 'z') : null,
      staffNote: koha ? first(field, 'x') : null,
    });
  }
  return items;
}

export function mapMarcRecord(record: MarcRecord): MappedRecord {
  const titleField = fieldsOf(record, '245')[0];
  const title = cleaned(titleField ? subfields(titleField, 'anp').join(' ') : null);
  if (!title) throw new MarcMappingError('the record has no title (245 $a)');
  const controlNumber = controlValue(record, '001')?.trim() || null;
  const organisation = controlValue(record, '003')?.trim() || null;
  const publication = publicationOf(record);
  const lccn = first(fieldsOf(record, '010')[0], 'a')?.split('/')[0]?.replace(/\s+/g, '') || null;
  const physical = fieldsOf(record, '300')[0];
  const callNumber = bibliographicCallNumber(record);
  return {
    instance: {
      title,
      subtitle: cleaned(titleField ? subfields(titleField, 'b').join(' ') : null),
      statementOfResponsibility: cleaned(first(titleField, 'c')),
      contributors: contributorsOf(record),
      isbns: [...new Set(fieldsOf(record, '020').flatMap((field) => subfields(field, 'a')).map(cleanIsbn).filter((isbn): isbn is string => isbn !== null))],
      issns: issnsOf(record),
      oclcNumbers: oclcNumbersOf(record),
      lccn,
      publisher: publication.publisher,
      publicationPlace: publication.place,
      publicationDate: publication.date,
      edition: cleaned(first(fieldsOf(record, '250')[0], 'a')),
      physicalDescription: physical ? cleaned(subfields(physical, 'abce').join(' ')) : null,
      subjects: subjectsOf(record),
      format: formatOf(record),
      language: languageOf(record),
      sourceRecordId: controlNumber ? (organisation ? `(${organisation})${controlNumber}` : controlNumber) : null,
    },
    holdings: fieldsOf(record, '852').map((field) => ({
      locationCode: first(field, 'b')?.trim() || null,
      callNumber: subfields(field, 'hi').join(' ').replace(/\s+/g, ' ').trim() || callNumber,
    })),
    items: itemsOf(record, callNumber),
  };
}

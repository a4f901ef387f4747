import type { Faker } from '@faker-js/faker';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { shelvingOrderOf } from '../modules/catalog/index.ts';
import { newId } from '../platform/ids.ts';
import { insertRows } from '../db/bulk-insert.ts';
import type { SeededInstitution } from './demo-college.ts';
import { demoItems, type DemoLoanType, type DemoMaterialType } from './demo-identities.ts';
import { generateFilm, generateWork, isbn13, issn, knownWorks, periodicalTitles, subjectAreas } from './demo-titles.ts';

/** One title to shelve: its record and where and how its copies circulate. */
export interface CatalogEntry {
  title: string;
  author: string | null;
  subject: string;
  format: 'book' | 'dvd' | 'equipment' | 'periodical';
  language: string;
  callNumber: string | null;
  publisher: string | null;
  place: string | null;
  year: string | null;
  isbn: string | null;
  issn?: string;
  copies: CopySpec[];
}

interface CopySpec {
  barcode: string;
  location: string;
  materialType: DemoMaterialType;
  loanType: DemoLoanType;
  status?: string;
  enumeration?: string;
  chronology?: string;
}

const flushEvery = 5_000;

/** Collects rows and writes them in large batches, instances before holdings before items. */
export class CatalogWriter {
  instances = 0;
  items = 0;
  private instanceRows: Record<string, unknown>[] = [];
  private holdingRows: Record<string, unknown>[] = [];
  private itemRows: Record<string, unknown>[] = [];

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly institution: SeededInstitution,
    private readonly now: string,
  ) {}

  async add(entry: CatalogEntry): Promise<void> {
    const { institutionId } = this.institution;
    const instanceId = newId();
    this.instanceRows.push({
      id: instanceId, institution_id: institutionId, title: entry.title, subtitle: null,
      statement_of_responsibility: entry.author ? entry.author.split(', ').reverse().join(' ') : null,
      contributors: JSON.stringify(entry.author ? [{ name: entry.author, role: entry.format === 'dvd' ? 'director' : 'author' }] : []),
      isbns: JSON.stringify(entry.isbn ? [entry.isbn] : []), issns: JSON.stringify(entry.issn ? [entry.issn] : []), oclc_numbers: '[]', lccn: null,
      publisher: entry.publisher, publication_place: entry.place, publication_date: entry.year, edition: null,
      physical_description: entry.format === 'book' ? `${200 + (entry.title.length * 17) % 500} pages` : null,
      subjects: JSON.stringify([entry.subject]), format: entry.format, language: entry.language, source: 'demo', source_record_id: null,
      created_at: this.now, updated_at: this.now,
    });
    this.instances += 1;
    const holdings = new Map<string, string>();
    entry.copies.forEach((copy, index) => {
      let holdingId = holdings.get(copy.location);
      if (!holdingId) {
        holdingId = newId();
        holdings.set(copy.location, holdingId);
        this.holdingRows.push({
          id: holdingId, institution_id: institutionId, instance_id: instanceId, location_id: this.idOf(this.institution.locations, copy.location),
          call_number: entry.callNumber, call_number_prefix: null, shelving_order: entry.callNumber ? shelvingOrderOf(entry.callNumber) : null,
          public_note: null, staff_note: null, created_at: this.now,
        });
      }
      this.itemRows.push({
        id: newId(), institution_id: institutionId, holding_id: holdingId, instance_id: instanceId, barcode: copy.barcode,
        material_type_id: this.idOf(this.institution.materialTypes, copy.materialType), loan_type_id: this.idOf(this.institution.loanTypes, copy.loanType),
        status: copy.status ?? 'available', status_changed_at: this.now, copy_number: entry.format === 'book' ? String(index + 1) : null, volume: null,
        enumeration: copy.enumeration ?? null, chronology: copy.chronology ?? null,
        price_cents: entry.format === 'equipment' ? 89_900 : 4_500, replacement_cost_cents: entry.format === 'equipment' ? 120_000 : 7_500,
        temporary_location_id: null, temporary_loan_type_id: null, public_note: null, staff_note: null, created_at: this.now, updated_at: this.now,
      });
    });
    this.items += entry.copies.length;
    if (this.instanceRows.length >= flushEvery) await this.flush();
  }

  async flush(): Promise<void> {
    await insertRows(this.trx, 'instance', this.instanceRows);
    await insertRows(this.trx, 'holding', this.holdingRows);
    await insertRows(this.trx, 'item', this.itemRows);
    this.instanceRows = [];
    this.holdingRows = [];
    this.itemRows = [];
  }

  private idOf(ids: Record<string, string>, code: string): string {
    const id = ids[code];
    if (!id) throw new Error(`demo catalog: no ${code} in ${this.institution.institutionId}`);
    return id;
  }
}

/** Barcodes of generated items: far from the documented 310000000000xx range. */
export function barcodeSequence(base: number): () => string {
  let next = base;
  return () => String(next++);
}

export interface CatalogPlan {
  items: number;
  /** Location codes for the general collection and the share of it at each. */
  stacks: [code: string, share: number][];
  withIdentities: boolean;
}

/** The documented items first, then known works, equipment, periodicals, DVDs, reserves and the book collection. */
export async function seedCatalog(writer: CatalogWriter, faker: Faker, plan: CatalogPlan, nextBarcode: () => string): Promise<void> {
  let remaining = plan.items;
  if (plan.withIdentities) {
    for (const identity of demoItems) {
      await writer.add({
        ...identity, place: null, isbn: identity.format === 'book' ? isbn13(faker) : null,
        copies: [{ barcode: identity.barcode, location: identity.location, materialType: identity.materialType, loanType: identity.loanType }],
      });
    }
    remaining -= demoItems.length;
    for (const [title, author, language, callNumber, year] of knownWorks.slice(0, Math.max(0, remaining))) {
      await writer.add({
        title, author, subject: language === 'eng' ? 'Classic literature' : language === 'spa' ? 'Spanish literature' : 'French literature',
        format: 'book', language, callNumber, publisher: null, place: null, year, isbn: isbn13(faker),
        copies: [{ barcode: nextBarcode(), location: 'RIV-STACKS', materialType: 'book', loanType: 'standard' }],
      });
      remaining -= 1;
    }
  }
  remaining = Math.max(0, remaining);
  const share = (fraction: number) => (plan.withIdentities ? Math.floor(remaining * fraction) : 0);
  const equipment = share(0.004);
  const periodicals = share(0.01);
  const films = share(0.03);
  const reserves = share(0.01);
  const books = remaining - equipment - periodicals - films - reserves;

  await seedEquipment(writer, equipment, nextBarcode);
  await seedPeriodicals(writer, faker, periodicals, nextBarcode);
  for (let index = 0; index < films; index += 1) {
    const film = generateFilm(faker);
    const location = index % 4 === 3 && plan.stacks.some(([code]) => code === 'HIL-STACKS') ? 'HIL-MEDIA' : 'RIV-MEDIA';
    await writer.add({
      title: film.title, author: film.director, subject: 'Feature films', format: 'dvd', language: 'eng', callNumber: film.callNumber,
      publisher: 'Criterion Collection', place: 'New York', year: film.year, isbn: null,
      copies: [{ barcode: nextBarcode(), location, materialType: 'dvd', loanType: '7-day' }],
    });
  }
  for (let index = 0; index < reserves; index += 1) {
    const work = generateWork(faker);
    await writer.add({ ...work, format: 'book', copies: [{ barcode: nextBarcode(), location: 'RIV-RES', materialType: 'reserve-copy', loanType: '2-hour-reserve' }] });
  }
  await seedBooks(writer, faker, plan, books, nextBarcode);
}

/** The general collection: about 0.6 titles per item, extra copies spread at random. */
async function seedBooks(writer: CatalogWriter, faker: Faker, plan: CatalogPlan, books: number, nextBarcode: () => string): Promise<void> {
  if (books <= 0) return;
  const titles = Math.ceil(books * 0.6);
  const copies = new Uint8Array(titles).fill(1);
  for (let extra = titles; extra < books; extra += 1) copies[faker.number.int({ min: 0, max: titles - 1 })]! += 1;
  for (let index = 0; index < titles; index += 1) {
    const work = generateWork(faker);
    const home = pickShare(plan.stacks, faker.number.float());
    const reference = faker.number.int({ min: 1, max: 100 }) <= 3;
    const entryCopies: CopySpec[] = [];
    for (let copy = 0; copy < copies[index]!; copy += 1) {
      const location = reference ? home.replace('STACKS', 'REF') : copy === 1 && plan.stacks.length > 1 && faker.number.int({ min: 1, max: 10 }) <= 3 ? otherStacks(plan, home) : home;
      entryCopies.push({
        barcode: nextBarcode(), location, materialType: 'book', loanType: reference ? 'non-circulating' : 'standard', status: unusualStatus(faker),
      });
    }
    await writer.add({ ...work, format: 'book', copies: entryCopies });
  }
}

async function seedEquipment(writer: CatalogWriter, count: number, nextBarcode: () => string): Promise<void> {
  const models: [title: string, type: DemoMaterialType, subject: string][] = [
    ['MacBook Air 13-inch laptop', 'laptop', 'Laptop computers'], ['Lenovo Chromebook laptop', 'laptop', 'Laptop computers'],
    ['Sony ZV-E10 mirrorless camera kit', 'camera', 'Digital cameras'], ['Tascam DR-05X voice recorder', 'voice-recorder', 'Digital audio recorders'],
    ['Samsung Galaxy Tab S9 tablet', 'tablet', 'Tablet computers'], ['Apple iPad Pro 11-inch tablet', 'tablet', 'Tablet computers'],
  ];
  const perModel = Math.ceil(count / models.length);
  let left = count;
  for (const [title, materialType, subject] of models) {
    const units = Math.min(perModel, left);
    if (units <= 0) break;
    left -= units;
    const copies: CopySpec[] = Array.from({ length: units }, (_, unit) => ({
      barcode: nextBarcode(), location: unit % 3 === 2 ? 'HIL-EQUIP' : 'RIV-EQUIP', materialType, loanType: '4-hour-reserve',
    }));
    await writer.add({ title, author: null, subject, format: 'equipment', language: 'eng', callNumber: null, publisher: null, place: null, year: null, isbn: null, copies });
  }
}

async function seedPeriodicals(writer: CatalogWriter, faker: Faker, count: number, nextBarcode: () => string): Promise<void> {
  const perTitle = Math.ceil(count / periodicalTitles.length);
  let left = count;
  for (const [index, title] of periodicalTitles.entries()) {
    const issues = Math.min(perTitle, left);
    if (issues <= 0) break;
    left -= issues;
    const copies: CopySpec[] = Array.from({ length: issues }, (_, issue) => ({
      barcode: nextBarcode(), location: 'RIV-PER', materialType: 'periodical', loanType: 'in-library-use',
      enumeration: `v.${60 - Math.floor(issue / 4)} no.${(issue % 4) + 1}`, chronology: String(2026 - Math.floor(issue / 4)),
    }));
    const area = subjectAreas[index % subjectAreas.length]!;
    await writer.add({
      title, author: null, subject: `${area.heading} -- Periodicals`, format: 'periodical', language: /Revista/.test(title) ? 'spa' : /Revue/.test(title) ? 'fre' : 'eng',
      callNumber: `${area.lcClass}${area.classNumbers[0]} .A1`, publisher: null, place: null, year: null, isbn: null, issn: issn(faker), copies,
    });
  }
}

function pickShare(shares: [string, number][], roll: number): string {
  let total = 0;
  for (const [code, share] of shares) {
    total += share;
    if (roll < total) return code;
  }
  return shares[shares.length - 1]![0];
}

function otherStacks(plan: CatalogPlan, home: string): string {
  return plan.stacks.find(([code]) => code !== home)?.[0] ?? home;
}

/** A few generated books are missing, withdrawn or still being processed, as in any real collection. */
function unusualStatus(faker: Faker): string {
  const roll = faker.number.int({ min: 1, max: 1000 });
  return roll <= 3 ? 'missing' : roll <= 5 ? 'withdrawn' : roll <= 8 ? 'in-process' : 'available';
}

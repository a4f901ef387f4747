import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMarcRecords } from '../../src/modules/catalog/marc-reader.ts';
import { importMarcFile, type MarcImportOptions } from '../../src/modules/catalog/marc-import.service.ts';
import { searchCatalog } from '../../src/modules/catalog/search.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { iso2709Record, marcxmlRecord } from '../support/factories/catalog.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';

// The project's shared reference material sits beside the repository (../shared), in CI too.
const referenceFolder = path.resolve(import.meta.dirname, '../../../shared/reference/marc');
if (!fs.existsSync(referenceFolder)) throw new Error(`MARC reference records not found at ${referenceFolder}`);
const reference = (name: string) => fs.readFileSync(path.join(referenceFolder, name));

describe('reading MARC files', () => {
  it('converts MARC-8 to the same text as the UTF-8 copy of the record', () => {
    const [marc8] = [...readMarcRecords(reference('marc8.dat'))];
    const [utf8] = [...readMarcRecords(reference('utf8_with_leader_flag.dat'))];
    const uniformTitle = (fields: string[][] | undefined) => fields?.find((field) => field[0] === '240');
    expect(uniformTitle(marc8?.record?.fields)).toEqual(['240', '10', 'a', 'De la solitude à la communauté.', 'l', 'English.']);
    expect(marc8?.record?.fields).toEqual(utf8?.record?.fields);
  });

  it('composes decomposed UTF-8 accents (NFC)', () => {
    const [record] = [...readMarcRecords(reference('diacritic.dat'))];
    const contents = record?.record?.fields.find((field) => field[0] === '505')?.[3] ?? '';
    expect(contents).toContain('Eva Hemmungs Wirtén');
  });

  it('reads namespaced MARCXML', () => {
    const readings = [...readMarcRecords(reference('batch.xml'))];
    expect(readings.map((reading) => reading.controlNumber)).toEqual(['5637241', '12149120']);
  });
});

describeOnBothDatabases('MARC import', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  const actor = (library: InstitutionFixture) => ({ kind: 'system' as const, id: null, name: 'cli:import marc', institutionId: library.institutionId });
  let library: InstitutionFixture;

  const importFile = (content: Buffer, options: Partial<MarcImportOptions> = {}, into = library) =>
    importMarcFile(database().db, clock, actor(into), content, { institutionId: into.institutionId, ...options });
  const instanceByTitle = (title: string, into = library) =>
    database().db.selectFrom('instance').selectAll().where('institution_id', '=', into.institutionId).where('title', '=', title).executeTakeFirstOrThrow();

  beforeAll(async () => {
    library = await makeInstitution(database().db);
  });

  it('imports every record of the ISO 2709 reference files and maps the fields', async () => {
    for (const [file, count] of [['marc.dat', 20], ['test.dat', 10], ['one.dat', 1], ['multi_isbn.dat', 1]] as const) {
      expect(await importFile(reference(file)), file).toEqual({ imported: count, itemsCreated: 0, rejected: [] });
    }
    const pragmatic = await instanceByTitle('The pragmatic programmer');
    expect(pragmatic).toMatchObject({
      subtitle: 'from journeyman to master',
      statement_of_responsibility: 'Andrew Hunt, David Thomas',
      publisher: 'Addison-Wesley',
      publication_place: 'Reading, Mass',
      publication_date: '2000',
      format: 'book',
      language: 'eng',
      lccn: '99043581',
      source: 'marc',
      source_record_id: '11778504',
    });
    expect(JSON.parse(pragmatic.contributors)).toEqual([{ name: 'Hunt, Andrew', role: 'author' }, { name: 'Thomas, David', role: 'contributor' }]);
    expect(JSON.parse(pragmatic.isbns)).toEqual(['020161622X']);
    expect(JSON.parse(pragmatic.subjects)).toEqual(['Computer programming']);
    const scold = await instanceByTitle('The town scold');
    expect(JSON.parse(scold.isbns)).toEqual(['0914378287', '0914378295', '0914378260']);
    expect(scold.publication_date).toBe('c1977');
  });

  it('finds imported records by title, ISBN and subject', async () => {
    const search = (filter: { q?: string; isbn?: string }) => searchCatalog(database().db, { institutionId: library.institutionId, limit: 5, offset: 0, ...filter });
    expect((await search({ q: 'pragmatic programmer' })).items[0]?.title).toBe('The pragmatic programmer');
    expect((await search({ isbn: '978-0-201-61622-4' })).items.map((item) => item.title)).toEqual(['The pragmatic programmer']);
    expect((await search({ q: 'Perl Congresses' })).items[0]?.title).toBe('Proceedings of the Perl Conference 4.0');
  });

  it('converts MARC-8 records and keeps their diacritics exactly', async () => {
    expect(await importFile(reference('marc8.dat'))).toEqual({ imported: 1, itemsCreated: 0, rejected: [] });
    expect(await importFile(reference('utf8_with_leader_flag.dat'))).toMatchObject({ imported: 1 });
    expect(await importFile(reference('diacritic.dat'))).toMatchObject({ imported: 1 });
    const built = iso2709Record([
      ['001', 'carrel-m8-1'],
      ['100', '1 ', 'a', Buffer.from([...Buffer.from('B'), 0xe2, ...Buffer.from('erub'), 0xe2, ...Buffer.from('e, H'), 0xe2, ...Buffer.from('el'), 0xe1, ...Buffer.from('ene.')])],
      ['245', '13', 'a', Buffer.from([...Buffer.from('Le r'), 0xe2, ...Buffer.from('esum'), 0xe2, ...Buffer.from('e de Ma'), 0xe8, ...Buffer.from('i :')]), 'b', 'une enquete.'],
    ]);
    expect(await importFile(built)).toEqual({ imported: 1, itemsCreated: 0, rejected: [] });
    const resume = await instanceByTitle('Le résumé de Maï');
    expect(JSON.parse(resume.contributors)).toEqual([{ name: 'Bérubé, Hélène', role: 'author' }]);
    const found = await searchCatalog(database().db, { institutionId: library.institutionId, q: 'resume berube', limit: 5, offset: 0 });
    expect(found.items.map((item) => item.title)).toEqual(['Le résumé de Maï']);
  });

  it('imports MARCXML files', async () => {
    expect(await importFile(reference('batch.xml'))).toEqual({ imported: 2, itemsCreated: 0, rejected: [] });
    expect(await importFile(reference('utf8.xml'), { format: 'marcxml' })).toEqual({ imported: 1, itemsCreated: 0, rejected: [] });
    expect(await instanceByTitle('The Great Ray Charles')).toMatchObject({ format: 'audio', publisher: 'Atlantic', publication_date: '[1957?]' });
    expect(JSON.parse((await instanceByTitle('The Great Ray Charles')).subjects)).toEqual(['Jazz -- 1951-1960', 'Piano with jazz ensemble']);
    expect(await instanceByTitle('Zen Classics')).toMatchObject({ publisher: 'Virgin Classics', source_record_id: 'ASP925318/clmu' });
  });

  it('reports each broken record by position and reason, and imports the rest', async () => {
    const other = await makeInstitution(database().db);
    const report = await importFile(reference('bad_records.mrc'), {}, other);
    expect(report.imported).toBe(2);
    expect(report.rejected.map((reject) => reject.position)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(report.rejected[0]?.reason).toMatch(/base address/);
    expect(report.rejected[2]?.reason).toMatch(/directory/);
    expect(report.rejected[4]?.reason).toMatch(/base address .* not a number/);
    expect(report.rejected[5]?.reason).toMatch(/no title/);
    const count = await database().db.selectFrom('instance').select((eb) => eb.fn.countAll<number>().as('n')).where('institution_id', '=', other.institutionId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('rejects records with a bad tag, subfield code or MARC-8 escape, naming them', async () => {
    expect((await importFile(reference('bad_indicator.dat'))).rejected).toEqual([{ position: 1, controlNumber: '426705', reason: expect.stringMatching(/invalid tag/) }]);
    expect((await importFile(reference('bad_subfield_code.dat'))).rejected).toEqual([{ position: 1, controlNumber: 'fol05731351', reason: expect.stringMatching(/field 245 has an invalid subfield code/) }]);
    expect((await importFile(reference('bad_marc8_escape.dat'))).rejected).toEqual([{ position: 1, controlNumber: '2429943', reason: expect.stringMatching(/unknown MARC-8 escape sequence \(ESC t\)/) }]);
  });

  it('makes holdings and items from 852 and Koha 952 fields, and refuses a barcode already in use as a whole record', async () => {
    const xml = [
      marcxmlRecord('m1', 'Koha record one', [
        ['852', ' ', 'b', 'STACKS', 'h', 'QA76.73', 'i', '.K6 2020'],
        ['952', ' ', 'p', 'KOHA-0001', 'o', 'QA76.73 .K6 2020', 'c', 'STACKS', 'y', 'DVD', 'g', '45.50', 'v', '60', 't', '2'],
        ['952', ' ', 'p', 'KOHA-0002', 'o', 'QA76.73 .K6 2020', 'c', 'NOWHERE'],
      ]),
      marcxmlRecord('m2', 'Koha record two', [['952', ' ', 'p', 'KOHA-0001', 'c', 'STACKS']]),
      marcxmlRecord('m3', 'Koha record three', [['952', ' ', 'p', 'KOHA-0003', 'c', 'ANNEX']]),
    ];
    const report = await importFile(Buffer.from(`<collection xmlns="http://www.loc.gov/MARC21/slim">${xml.join('')}</collection>`), { locationCode: 'STACKS' });
    expect(report.imported).toBe(2);
    expect(report.itemsCreated).toBe(3);
    expect(report.rejected).toEqual([{ position: 2, controlNumber: 'm2', reason: 'barcode KOHA-0001 is already in use' }]);
    const one = await instanceByTitle('Koha record one');
    const items = await database().db.selectFrom('item').innerJoin('holding', 'holding.id', 'item.holding_id').selectAll('item').select(['holding.call_number', 'holding.location_id']).where('item.instance_id', '=', one.id).orderBy('barcode').execute();
    expect(items.map((item) => [item.barcode, item.call_number, item.location_id, item.material_type_id, item.price_cents, item.replacement_cost_cents, item.copy_number])).toEqual([
      ['KOHA-0001', 'QA76.73 .K6 2020', library.locationId, library.materialTypes.dvd, 4550, 6000, '2'],
      ['KOHA-0002', 'QA76.73 .K6 2020', library.locationId, library.materialTypes.book, null, null, null],
    ]);
    await expect(instanceByTitle('Koha record two')).rejects.toThrow();
  });

  it('rejects items whose location is unknown when no default location is given', async () => {
    const report = await importFile(Buffer.from(marcxmlRecord('m9', 'Nowhere to shelve', [['952', ' ', 'p', 'KOHA-0099', 'c', 'ANNEX']])));
    expect(report).toEqual({ imported: 0, itemsCreated: 0, rejected: [{ position: 1, controlNumber: 'm9', reason: expect.stringMatching(/unknown location code ANNEX/) }] });
  });
});

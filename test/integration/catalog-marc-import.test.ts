import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMarcRecords } from '../../src/modules/catalog/marc-reader.ts';
import { importMarcFile, type MarcImportOptions } from '../../src/modules/catalog/marc-import.service.ts';
import { searchCatalog } from '../../src/modules/catalog/search.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { iso2709Record, marcxmlRecord } from '../support/factories/catalog.ts';
import { marcFixtureFiles, marcFixtureFolder } from '../fixtures/marc/make-marc-fixtures.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';

const fixture = (name: string) => fs.readFileSync(path.join(marcFixtureFolder, name));

describe('reading MARC files', () => {
  it('uses the committed fixture files, which are what test/fixtures/marc/make-marc-fixtures.ts makes', () => {
    for (const [name, bytes] of marcFixtureFiles()) expect(fixture(name).equals(bytes), name).toBe(true);
  });

  it('converts MARC-8 to the same text as the UTF-8 copy of the record', () => {
    const [marc8] = [...readMarcRecords(fixture('forests-marc8.mrc'))];
    const [utf8] = [...readMarcRecords(fixture('forests-utf8.mrc'))];
    const title = (fields: string[][] | undefined) => fields?.find((field) => field[0] === '245');
    expect(title(marc8?.record?.fields)).toEqual(['245', '13', 'a', 'Le cœur des forêts /', 'c', 'Zdeňka Dvořák.']);
    expect(marc8?.record?.fields).toEqual(utf8?.record?.fields);
  });

  it('composes decomposed UTF-8 accents (NFC)', () => {
    const third = [...readMarcRecords(fixture('books-utf8.mrc'))][2];
    expect(third?.record?.fields.find((field) => field[0] === '245')?.[3]).toBe('Crónicas del páramo /');
  });

  it('reads namespaced MARCXML', () => {
    const readings = [...readMarcRecords(fixture('recordings-namespaced.xml'))];
    expect(readings.map((reading) => reading.controlNumber)).toEqual(['crlx-101', 'crlx-102']);
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

  it('imports every record of a UTF-8 ISO 2709 batch and maps the fields', async () => {
    expect(await importFile(fixture('books-utf8.mrc'))).toEqual({ imported: 5, itemsCreated: 0, rejected: [] });
    const almanac = await instanceByTitle("The lantern keeper's almanac");
    expect(almanac).toMatchObject({
      subtitle: 'tides, weather and small repairs',
      statement_of_responsibility: 'Odessa Marlow and Tobiah Fenn',
      publisher: 'Driftwood Press',
      publication_place: 'Portland, Or',
      publication_date: '2019',
      physical_description: '212 pages : illustrations ; 23 cm',
      format: 'book',
      language: 'eng',
      lccn: '2019012345',
      source: 'marc',
      source_record_id: 'crl0001',
    });
    expect(JSON.parse(almanac.contributors)).toEqual([{ name: 'Marlow, Odessa', role: 'author' }, { name: 'Fenn, Tobiah', role: 'contributor' }]);
    expect(JSON.parse(almanac.isbns)).toEqual(['0306406152']);
    expect(JSON.parse(almanac.subjects)).toEqual(['Lighthouses -- Maintenance and repair']);
    const gardens = await instanceByTitle('Small gardens for cold places');
    expect(JSON.parse(gardens.isbns)).toEqual(['0198526636', '1402894627', '9780306406157']);
    expect(gardens.publication_date).toBe('c2021');
    expect(await instanceByTitle('Crónicas del páramo')).toMatchObject({ publisher: 'Ediciones Frailejón', publication_place: 'Bogotá', language: 'spa' });
    expect(await instanceByTitle('Nocturnes for a wooden flute')).toMatchObject({ format: 'score', language: null });
    const moss = await instanceByTitle('A field guide to urban moss');
    expect(moss.source_record_id).toBe('(CaRL)crl0005');
    expect(JSON.parse(moss.oclc_numbers)).toEqual(['123456']);
  });

  it('finds imported records by title, ISBN and subject', async () => {
    const search = (filter: { q?: string; isbn?: string }) => searchCatalog(database().db, { institutionId: library.institutionId, limit: 5, offset: 0, ...filter });
    expect((await search({ q: 'lantern almanac' })).items[0]?.title).toBe("The lantern keeper's almanac");
    expect((await search({ isbn: '978-0-19-852663-6' })).items.map((item) => item.title)).toEqual(['Small gardens for cold places']);
    expect((await search({ q: 'Mosses Identification' })).items[0]?.title).toBe('A field guide to urban moss');
  });

  it('converts MARC-8 records and keeps their diacritics exactly', async () => {
    expect(await importFile(fixture('forests-marc8.mrc'))).toEqual({ imported: 1, itemsCreated: 0, rejected: [] });
    const forests = await instanceByTitle('Le cœur des forêts');
    expect(JSON.parse(forests.contributors)).toEqual([{ name: 'Dvořák, Zdeňka', role: 'author' }, { name: 'Łukasz, Greßa', role: 'contributor' }]);
    expect(JSON.parse(forests.subjects)).toEqual(['Forêts -- François-sur-Loire']);
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
    expect(await importFile(fixture('recordings-namespaced.xml'))).toEqual({ imported: 2, itemsCreated: 0, rejected: [] });
    expect(await importFile(fixture('railways.xml'), { format: 'marcxml' })).toEqual({ imported: 1, itemsCreated: 0, rejected: [] });
    const songs = await instanceByTitle('Weaving songs of the northern coast');
    expect(songs).toMatchObject({ format: 'audio', publisher: 'Nordlys Records', publication_place: 'Tromsø', publication_date: '[2016?]', statement_of_responsibility: 'Søren Halvorsen, fiddle' });
    expect(JSON.parse(songs.subjects)).toEqual(['Folk music -- Norway -- 2011-2020']);
    expect(await instanceByTitle('Østfold harbour ledgers, 1870–1910')).toMatchObject({ source_record_id: '(CaRL)crlx-102' });
    expect(await instanceByTitle('Maps of forgotten railways')).toMatchObject({ format: 'map', publisher: 'Cinder & Sons', publication_date: '1931' });
  });

  it('reports each broken record by position and reason, and imports the rest', async () => {
    const other = await makeInstitution(database().db);
    const report = await importFile(fixture('broken-batch.mrc'), {}, other);
    expect(report.imported).toBe(2);
    expect(report.rejected).toEqual([
      { position: 2, reason: 'base address of data 9999 is outside the record' },
      { position: 3, controlNumber: 'crl-b3', reason: 'directory entry 2 has an invalid tag "2#5"' },
      { position: 5, reason: 'base address of data in the leader is not a number ("00a49")' },
      { position: 6, controlNumber: 'crl-b6', reason: 'the record has no title (245 $a)' },
      { position: 7, controlNumber: 'crl-b7', reason: 'leader gives a record length of 112 but the record has 105 bytes' },
      { position: 8, reason: 'the file ends in the middle of a record (no record terminator)' },
    ]);
    const count = await database().db.selectFrom('instance').select((eb) => eb.fn.countAll<number>().as('n')).where('institution_id', '=', other.institutionId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('rejects records with a bad indicator, subfield code or MARC-8 escape, naming them', async () => {
    expect((await importFile(fixture('bad-indicator.mrc'))).rejected).toEqual([{ position: 1, controlNumber: 'crl-bad-ind', reason: 'field 245 has invalid indicators "1!"' }]);
    expect((await importFile(fixture('bad-subfield-code.mrc'))).rejected).toEqual([{ position: 1, controlNumber: 'crl-bad-sf', reason: 'field 245 has an invalid subfield code (byte 0x25)' }]);
    expect((await importFile(fixture('bad-marc8-escape.mrc'))).rejected).toEqual([{ position: 1, controlNumber: 'crl-bad-esc', reason: 'field 245 has an unknown MARC-8 escape sequence (ESC t)' }]);
  });

  it('reads records in a legacy 8-bit character set when the file names it, and refuses an unknown one', async () => {
    const other = await makeInstitution(database().db);
    const unread = await importFile(fixture('cyrillic-windows-1251.mrc'), {}, other);
    expect(unread.imported).toBe(0);
    expect(unread.rejected.map((reject) => [reject.position, reject.controlNumber])).toEqual([[1, 'crl-cy1'], [2, 'crl-cy2']]);
    expect(await importFile(fixture('cyrillic-windows-1251.mrc'), { encoding: 'windows-1251' }, other)).toEqual({ imported: 2, itemsCreated: 0, rejected: [] });
    const story = await instanceByTitle('Повесть о тихой реке', other);
    expect(JSON.parse(story.contributors)).toEqual([{ name: 'Белова, Анна', role: 'author' }]);
    expect(JSON.parse((await instanceByTitle('Записки смотрителя маяка', other)).contributors)).toEqual([{ name: 'Ёлкин, Пётр', role: 'author' }]);
    await expect(importFile(fixture('cyrillic-windows-1251.mrc'), { encoding: 'klingon-8' }, other)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Carrel does not know the character set "klingon-8": give a name such as windows-1251, iso-8859-5, koi8-r or shift_jis.',
    });
  });

  it('rejects a record that says UTF-8 but has bytes that are not, naming it, in ISO 2709 and MARCXML', async () => {
    const other = await makeInstitution(database().db);
    expect(await importFile(fixture('invalid-utf8.mrc'), {}, other)).toEqual({
      imported: 1, itemsCreated: 0, rejected: [{ position: 2, controlNumber: 'crl-u2', reason: 'leader says UTF-8 but the record is not valid UTF-8' }],
    });
    expect(await importFile(fixture('invalid-utf8.xml'), {}, other)).toEqual({
      imported: 1, itemsCreated: 0, rejected: [{ position: 2, controlNumber: 'crlx-202', reason: 'the record is not valid UTF-8' }],
    });
    await expect(instanceByTitle('Caf\ufffd society', other)).rejects.toThrow();
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

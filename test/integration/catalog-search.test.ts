import { beforeAll, expect, it } from 'vitest';
import { rebuildSearchIndex } from '../../src/modules/catalog/search-index.ts';
import { searchCatalog, type CatalogSearch } from '../../src/modules/catalog/search.queries.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';

describeOnBothDatabases('catalogue search', (database) => {
  let library: InstitutionFixture;
  let other: InstitutionFixture;
  let reserveLocationId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { db } = database();
    library = await makeInstitution(db);
    other = await makeInstitution(db);
    reserveLocationId = newId();
    await db
      .insertInto('location')
      .values({ id: reserveLocationId, institution_id: library.institutionId, library_id: library.libraryId, code: 'RESERVE', name: 'Course Reserves', primary_service_point_id: library.servicePointId })
      .execute();
    ids.java = (await makeInstance(db, library, { title: 'Java concurrency in practice', contributors: ['Goetz, Brian'], subjects: ['Java (Computer program language)'], isbns: ['9780321349606'] }, [{ callNumber: 'QA76.73 .J38 G588 2006' }])).instanceId;
    ids.history = (await makeInstance(db, library, { title: 'A history of Java', subtitle: 'the island and its people', contributors: ['Ricklefs, M. C.'], subjects: ['Java (Indonesia) -- History'] }, [{ callNumber: 'DS646.27 .R53', status: 'checked-out' }])).instanceId;
    ids.resume = (await makeInstance(db, library, { title: 'Le résumé parfait', contributors: ['Bérubé, Hélène'], format: 'book', isbns: ['0262033844'] }, [{ callNumber: 'HF5383 .B47', locationId: reserveLocationId }])).instanceId;
    ids.film = (await makeInstance(db, library, { title: 'Java: the documentary', format: 'dvd' }, [{ callNumber: 'DVD 1234', materialTypeCode: 'dvd' }])).instanceId;
    ids.elsewhere = (await makeInstance(db, other, { title: 'Java concurrency in practice', contributors: ['Goetz, Brian'] })).instanceId;
  });

  const search = (filter: Partial<CatalogSearch>) => searchCatalog(database().db, { institutionId: library.institutionId, limit: 25, offset: 0, ...filter });

  it('puts the record whose title matches first', async () => {
    const result = await search({ q: 'java concurrency' });
    expect(result.items[0]?.id).toBe(ids.java);
    expect(result.items[0]).toMatchObject({ title: 'Java concurrency in practice', contributors: ['Goetz, Brian'], callNumbers: ['QA76.73 .J38 G588 2006'], availability: { available: 1, total: 1 } });
  });

  it('ranks title matches above subject-only matches', async () => {
    const result = await search({ q: 'history' });
    expect(result.items[0]?.id).toBe(ids.history);
  });

  it('matches the last word as a prefix', async () => {
    expect((await search({ q: 'concurr' })).items.map((item) => item.id)).toEqual([ids.java]);
  });

  it('ignores accents both ways', async () => {
    expect((await search({ q: 'resume' })).items.map((item) => item.id)).toEqual([ids.resume]);
    expect((await search({ q: 'Bérubé' })).items.map((item) => item.id)).toEqual([ids.resume]);
    expect((await search({ q: 'helene berube' })).items.map((item) => item.id)).toEqual([ids.resume]);
  });

  it('filters by format, location and availability', async () => {
    expect((await search({ q: 'java', format: 'dvd' })).items.map((item) => item.id)).toEqual([ids.film]);
    expect((await search({ location: 'RESERVE' })).items.map((item) => item.id)).toEqual([ids.resume]);
    expect((await search({ location: reserveLocationId })).total).toBe(1);
    const onShelf = (await search({ q: 'java', available: true })).items.map((item) => item.id);
    expect(onShelf).toContain(ids.java);
    expect(onShelf).not.toContain(ids.history);
  });

  it('finds by ISBN in either form, with or without hyphens', async () => {
    expect((await search({ isbn: '0-321-34960-1' })).items.map((item) => item.id)).toEqual([ids.java]);
    expect((await search({ isbn: '978-0-262-03384-8' })).items.map((item) => item.id)).toEqual([ids.resume]);
    expect((await search({ q: '978-0-321-34960-6' })).items.map((item) => item.id)).toEqual([ids.java]);
  });

  it('finds by call number prefix in shelf order', async () => {
    expect((await search({ callNumberPrefix: 'QA76' })).items.map((item) => item.id)).toEqual([ids.java]);
    expect((await search({ callNumberPrefix: 'qa76.73 .j38' })).items.map((item) => item.id)).toEqual([ids.java]);
    expect((await search({ callNumberPrefix: 'QA77' })).total).toBe(0);
  });

  it('never shows another institution’s records', async () => {
    const result = await search({ q: 'java concurrency' });
    expect(result.items.map((item) => item.id)).not.toContain(ids.elsewhere);
    expect(result.total).toBe(1);
  });

  it('rebuilds an institution’s index in one pass', async () => {
    await rebuildSearchIndex(database().db, library.institutionId);
    expect((await search({ q: 'java' })).total).toBe(3);
    const elsewhere = await searchCatalog(database().db, { institutionId: other.institutionId, q: 'java', limit: 10, offset: 0 });
    expect(elsewhere.items.map((item) => item.id)).toEqual([ids.elsewhere]);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance, nextBarcode } from '../support/factories/catalog.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('catalogue API', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let other: InstitutionFixture;
  let technician: StaffSession;
  let studentWorker: StaffSession;
  let outsider: StaffSession;
  let book: Awaited<ReturnType<typeof makeInstance>>;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(db);
    other = await makeInstitution(db);
    const signIn = async (institution: InstitutionFixture, roleCode: string) => {
      const staff = await makeStaff(db, institution.institutionId, { roleCode });
      return signInAs(app, staff.username, staff.password);
    };
    technician = await signIn(library, 'technician');
    studentWorker = await signIn(library, 'student-worker');
    outsider = await signIn(other, 'administrator');
    book = await makeInstance(db, library, { title: 'Silent spring', contributors: ['Carson, Rachel'], isbns: ['9780618249060'], publicationDate: '1962' }, [
      { callNumber: 'QH545.P4 C38 2002', status: 'available' },
      { callNumber: 'QH545.P4 C38 2002', status: 'awaiting-pickup' },
    ]);
  });
  afterAll(async () => app.close());

  it('searches with the stable reply shape', async () => {
    const reply = await studentWorker.request({ method: 'GET', url: '/api/v1/catalog/search?q=silent%20spr' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({
      total: 1,
      items: [
        {
          id: book.instanceId, title: 'Silent spring', subtitle: null, contributors: ['Carson, Rachel'], publicationDate: '1962', format: 'book',
          language: 'eng', isbns: ['9780618249060'], callNumbers: ['QH545.P4 C38 2002'], availability: { available: 1, total: 2 },
        },
      ],
    });
    const byCallNumber = await studentWorker.request({ method: 'GET', url: '/api/v1/catalog/search?callNumber=QH545' });
    expect(byCallNumber.json().items.map((item: { id: string }) => item.id)).toEqual([book.instanceId]);
    const filtered = await studentWorker.request({ method: 'GET', url: '/api/v1/catalog/search?q=silent&format=dvd' });
    expect(filtered.json().total).toBe(0);
  });

  it('finds an item by its barcode with what the desk needs', async () => {
    const reply = await studentWorker.request({ method: 'GET', url: `/api/v1/items?barcode=${book.barcodes[1]}` });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      total: 1,
      items: [
        {
          id: book.itemIds[1], barcode: book.barcodes[1], status: 'awaiting-pickup',
          instance: { id: book.instanceId, title: 'Silent spring', contributors: ['Carson, Rachel'] },
          callNumber: 'QH545.P4 C38 2002',
          location: { id: library.locationId, code: 'STACKS', name: 'Stacks' },
          materialType: { id: library.materialTypes.book, code: 'book' },
          loanType: { id: library.loanTypes.standard, code: 'standard' },
          copyNumber: null, volume: null, enumeration: null, priceCents: null, replacementCostCents: null, publicNote: null, staffNote: null,
        },
      ],
    });
    const byStatus = await studentWorker.request({ method: 'GET', url: `/api/v1/items?instanceId=${book.instanceId}&status=available` });
    expect(byStatus.json().items.map((item: { id: string }) => item.id)).toEqual([book.itemIds[0]]);
  });

  it('shows an instance with its holdings and items', async () => {
    const reply = await studentWorker.request({ method: 'GET', url: `/api/v1/instances/${book.instanceId}` });
    expect(reply.statusCode).toBe(200);
    const instance = reply.json();
    expect(instance.holdings).toEqual([expect.objectContaining({ callNumber: 'QH545.P4 C38 2002', location: { id: library.locationId, code: 'STACKS', name: 'Stacks' } })]);
    expect(instance.items.map((item: { barcode: string; status: string }) => [item.barcode, item.status]).sort()).toEqual(
      [[book.barcodes[0], 'available'], [book.barcodes[1], 'awaiting-pickup']].sort(),
    );
    const missing = await studentWorker.request({ method: 'GET', url: `/api/v1/instances/${newId()}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('INSTANCE_NOT_FOUND');
  });

  it('creates and edits instances and items, audited and searchable at once', async () => {
    const created = await technician.request({
      method: 'POST', url: '/api/v1/instances',
      payload: { title: 'Cien años de soledad', contributors: [{ name: 'García Márquez, Gabriel', role: 'author' }], isbns: ['978-0-06-088328-7'], language: 'spa' },
    });
    expect(created.statusCode).toBe(201);
    const instanceId = created.json().id as string;
    expect(created.json().isbns).toEqual(['9780060883287']);
    const barcode = nextBarcode();
    const item = await technician.request({
      method: 'POST', url: '/api/v1/items',
      payload: { instanceId, barcode, locationId: 'STACKS', callNumber: 'PQ8180.17.A73 C513 2006', materialTypeId: 'book', loanTypeId: 'standard', priceCents: 1899 },
    });
    expect(item.statusCode).toBe(201);
    expect(item.json()).toMatchObject({ barcode, status: 'available', callNumber: 'PQ8180.17.A73 C513 2006', priceCents: 1899, location: { code: 'STACKS' } });
    const found = await technician.request({ method: 'GET', url: '/api/v1/catalog/search?q=cien%20anos%20marquez' });
    expect(found.json().items.map((entry: { id: string }) => entry.id)).toEqual([instanceId]);

    const renamed = await technician.request({ method: 'PATCH', url: `/api/v1/instances/${instanceId}`, payload: { subtitle: 'novela' } });
    expect(renamed.json()).toMatchObject({ title: 'Cien años de soledad', subtitle: 'novela' });
    const edited = await technician.request({ method: 'PATCH', url: `/api/v1/items/${item.json().id}`, payload: { status: 'missing', copyNumber: 'c.2', loanTypeId: 'reserve-2h' } });
    expect(edited.json()).toMatchObject({ status: 'missing', copyNumber: 'c.2', loanType: { code: 'reserve-2h' } });
    const audit = await database().db.selectFrom('audit_event').select('action').where('entity_id', 'in', [instanceId, item.json().id]).orderBy('action').execute();
    expect(audit.map((event) => event.action)).toEqual(['instance.create', 'instance.update', 'item.create', 'item.update']);
  });

  it('refuses a duplicate barcode with 409 DUPLICATE_BARCODE, and the schema refuses it too', async () => {
    const reply = await technician.request({
      method: 'POST', url: '/api/v1/items',
      payload: { instanceId: book.instanceId, barcode: book.barcodes[0], locationId: library.locationId, materialTypeId: 'book', loanTypeId: 'standard' },
    });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error.code).toBe('DUPLICATE_BARCODE');
    const renamed = await technician.request({ method: 'PATCH', url: `/api/v1/items/${book.itemIds[1]}`, payload: { barcode: book.barcodes[0] } });
    expect(renamed.json().error.code).toBe('DUPLICATE_BARCODE');
    const copy = await database().db.selectFrom('item').selectAll().where('id', '=', book.itemIds[0]!).executeTakeFirstOrThrow();
    await expect(database().db.insertInto('item').values({ ...copy, id: newId() }).execute()).rejects.toThrow(/unique|UNIQUE/);
  });

  it('answers ITEM_NOT_FOUND, and keeps circulation statuses for circulation', async () => {
    const missing = await technician.request({ method: 'PATCH', url: `/api/v1/items/${newId()}`, payload: { copyNumber: '1' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('ITEM_NOT_FOUND');
    const onHoldShelf = await technician.request({ method: 'PATCH', url: `/api/v1/items/${book.itemIds[1]}`, payload: { status: 'available' } });
    expect(onHoldShelf.statusCode).toBe(409);
  });

  it('lets a student worker read but not edit', async () => {
    const reply = await studentWorker.request({ method: 'PATCH', url: `/api/v1/instances/${book.instanceId}`, payload: { title: 'Loud summer' } });
    expect(reply.statusCode).toBe(403);
    expect((await studentWorker.request({ method: 'GET', url: '/api/v1/material-types' })).json().items.map((type: { code: string }) => type.code).sort()).toEqual(['book', 'dvd', 'laptop']);
    expect((await studentWorker.request({ method: 'GET', url: '/api/v1/loan-types' })).json().total).toBe(3);
  });

  it('never shows one institution’s catalogue to another’s staff', async () => {
    expect((await outsider.request({ method: 'GET', url: `/api/v1/items?barcode=${book.barcodes[0]}` })).json()).toEqual({ items: [], total: 0 });
    expect((await outsider.request({ method: 'GET', url: `/api/v1/items/${book.itemIds[0]}` })).statusCode).toBe(404);
    expect((await outsider.request({ method: 'GET', url: `/api/v1/instances/${book.instanceId}` })).statusCode).toBe(404);
    expect((await outsider.request({ method: 'GET', url: '/api/v1/catalog/search?q=silent' })).json().total).toBe(0);
    const patch = await outsider.request({ method: 'PATCH', url: `/api/v1/items/${book.itemIds[0]}`, payload: { copyNumber: 'x' } });
    expect(patch.json().error.code).toBe('ITEM_NOT_FOUND');
    const add = await outsider.request({ method: 'POST', url: '/api/v1/items', payload: { instanceId: book.instanceId, barcode: 'X1', locationId: other.locationId, materialTypeId: 'book', loanTypeId: 'standard' } });
    expect(add.json().error.code).toBe('INSTANCE_NOT_FOUND');
  });
});

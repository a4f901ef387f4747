import { expect, it } from 'vitest';
import { pendingMigrations } from '../../src/db/migrate.ts';
import type { ItemStatus } from '../../src/db/schema.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';

describeOnBothDatabases('schema and its constraints', (database) => {
  async function insertItem(library: InstitutionFixture, barcode: string, overrides: { status?: string; materialTypeId?: string } = {}) {
    const { db } = database();
    const instanceId = newId();
    const holdingId = newId();
    await db.insertInto('instance').values({ id: instanceId, institution_id: library.institutionId, title: 'The Left Hand of Darkness' }).execute();
    await db.insertInto('holding').values({ id: holdingId, institution_id: library.institutionId, instance_id: instanceId, location_id: library.locationId, call_number: 'PS3562.E42 L4' }).execute();
    await db
      .insertInto('item')
      .values({
        id: newId(),
        institution_id: library.institutionId,
        holding_id: holdingId,
        instance_id: instanceId,
        barcode,
        material_type_id: overrides.materialTypeId ?? library.materialTypes.book!,
        loan_type_id: library.loanTypes.standard!,
        // a string, not ItemStatus: one case writes an unknown status to see the CHECK constraint refuse it
        status: (overrides.status ?? 'available') as ItemStatus,
      })
      .execute();
  }

  it('applies every migration from empty', async () => {
    expect(await pendingMigrations(database().db)).toEqual([]);
  });

  it('rejects a second item with the same barcode in one institution', async () => {
    const library = await makeInstitution(database().db);
    await insertItem(library, '39000000000001');
    await expect(insertItem(library, '39000000000001')).rejects.toThrow(/unique/i);
  });

  it('allows the same barcode in two institutions of a consortium', async () => {
    const first = await makeInstitution(database().db);
    const second = await makeInstitution(database().db);
    await insertItem(first, '39000000000002');
    await expect(insertItem(second, '39000000000002')).resolves.toBeUndefined();
  });

  it('rejects an item status that is not one of the known codes', async () => {
    const library = await makeInstitution(database().db);
    await expect(insertItem(library, '39000000000003', { status: 'Checked out' })).rejects.toThrow(/check/i);
  });

  it('rejects an item whose material type does not exist', async () => {
    const library = await makeInstitution(database().db);
    await expect(insertItem(library, '39000000000004', { materialTypeId: newId() })).rejects.toThrow(/foreign key/i);
  });

  it('rejects a patron barcode used twice in one institution', async () => {
    const library = await makeInstitution(database().db);
    const patron = (barcode: string) => ({
      id: newId(),
      institution_id: library.institutionId,
      barcode,
      patron_group_id: library.patronGroups.student!,
      first_name: 'Octavia',
      last_name: 'Butler',
    });
    await database().db.insertInto('patron').values(patron('29000000000001')).execute();
    await expect(database().db.insertInto('patron').values(patron('29000000000001')).execute()).rejects.toThrow(/unique/i);
  });

  it('rejects calendar hours that close before they open', async () => {
    const library = await makeInstitution(database().db);
    const hours = { id: newId(), institution_id: library.institutionId, service_point_id: library.servicePointId, weekday: 1, opens_at: '18:00', closes_at: '08:00' };
    await expect(database().db.insertInto('calendar_hours').values(hours).execute()).rejects.toThrow(/check/i);
  });
});

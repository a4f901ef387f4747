import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { newId } from '../../../src/platform/ids.ts';
import { ensureBuiltInRoles } from '../../../src/modules/staff/staff.service.ts';

export interface InstitutionFixture {
  institutionId: string;
  code: string;
  campusId: string;
  libraryId: string;
  locationId: string;
  servicePointId: string;
  materialTypes: Record<string, string>;
  loanTypes: Record<string, string>;
  patronGroups: Record<string, string>;
}

let counter = 0;

/**
 * An institution with one campus, library, shelving location and circulation desk, the built-in
 * roles and the usual reference data. Codes are unique per call so suites can make several.
 */
export async function makeInstitution(
  db: Kysely<Database>,
  overrides: { code?: string; name?: string; timeZone?: string; currency?: string } = {},
): Promise<InstitutionFixture> {
  counter += 1;
  const code = overrides.code ?? `T${process.pid % 1000}${counter}`;
  const institutionId = newId();
  const campusId = newId();
  const libraryId = newId();
  const locationId = newId();
  const servicePointId = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('institution')
      .values({ id: institutionId, code, name: overrides.name ?? `Test College ${code}`, currency: overrides.currency ?? 'USD', time_zone: overrides.timeZone ?? 'America/Los_Angeles' })
      .execute();
    await trx.insertInto('campus').values({ id: campusId, institution_id: institutionId, code: 'MAIN', name: 'Main campus' }).execute();
    await trx.insertInto('library').values({ id: libraryId, institution_id: institutionId, campus_id: campusId, code: 'MAINLIB', name: 'Main Library' }).execute();
    await trx
      .insertInto('service_point')
      .values({ id: servicePointId, institution_id: institutionId, library_id: libraryId, code: 'CIRC', name: 'Main Circulation Desk', is_pickup_point: true, hold_shelf_expiry_days: 7 })
      .execute();
    await trx
      .insertInto('location')
      .values({ id: locationId, institution_id: institutionId, library_id: libraryId, code: 'STACKS', name: 'Stacks', primary_service_point_id: servicePointId })
      .execute();
    await trx.insertInto('service_point_location').values({ service_point_id: servicePointId, location_id: locationId }).execute();
    await ensureBuiltInRoles(trx, institutionId);
  });
  const materialTypes = await insertReferenceTypes(db, 'material_type', institutionId, ['book', 'dvd', 'laptop']);
  const loanTypes = await insertReferenceTypes(db, 'loan_type', institutionId, ['standard', 'reserve-2h', 'non-circulating']);
  const patronGroups = await insertReferenceTypes(db, 'patron_group', institutionId, ['student', 'faculty', 'staff', 'community']);
  return { institutionId, code, campusId, libraryId, locationId, servicePointId, materialTypes, loanTypes, patronGroups };
}

async function insertReferenceTypes(
  db: Kysely<Database>,
  table: 'material_type' | 'loan_type' | 'patron_group',
  institutionId: string,
  codes: string[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const code of codes) {
    ids[code] = newId();
    await db.insertInto(table).values({ id: ids[code], institution_id: institutionId, code, name: code.replace(/-/g, ' '), description: null }).execute();
  }
  return ids;
}

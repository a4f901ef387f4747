import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { replaceWeeklyHours } from '../../../src/modules/org/calendar.queries.ts';
import { newId } from '../../../src/platform/ids.ts';
import { everyDay } from './org.ts';
import type { InstitutionFixture } from './institution.ts';
import type { StaffSession } from '../http.ts';

/** A circulation desk open 08:00–20:00 every day, so due dates never move off a closed day unless a test says so. */
export async function openEveryDay(db: Kysely<Database>, library: InstitutionFixture, servicePointId = library.servicePointId): Promise<void> {
  await replaceWeeklyHours(db, library.institutionId, servicePointId, everyDay('08:00', '20:00'));
}

/** A second campus with its own library, desk ('Hillcrest Circulation') and shelving location served by that desk. */
export async function makeSecondCampus(db: Kysely<Database>, library: InstitutionFixture): Promise<{ servicePointId: string; locationId: string; libraryId: string }> {
  const campusId = newId();
  const libraryId = newId();
  const servicePointId = newId();
  const locationId = newId();
  await db.insertInto('campus').values({ id: campusId, institution_id: library.institutionId, code: 'HILL', name: 'Hillcrest campus' }).execute();
  await db.insertInto('library').values({ id: libraryId, institution_id: library.institutionId, campus_id: campusId, code: 'HILLLIB', name: 'Hillcrest Library' }).execute();
  await db
    .insertInto('service_point')
    .values({ id: servicePointId, institution_id: library.institutionId, library_id: libraryId, code: 'HILLCIRC', name: 'Hillcrest Circulation', is_pickup_point: true, hold_shelf_expiry_days: 7 })
    .execute();
  await db
    .insertInto('location')
    .values({ id: locationId, institution_id: library.institutionId, library_id: libraryId, code: 'HILLSTACKS', name: 'Hillcrest Stacks', primary_service_point_id: servicePointId })
    .execute();
  await db.insertInto('service_point_location').values({ service_point_id: servicePointId, location_id: locationId }).execute();
  await openEveryDay(db, library, servicePointId);
  return { servicePointId, locationId, libraryId };
}

/** Check out through the API as a staff session. */
export function checkOutVia(session: StaffSession, body: Record<string, unknown>) {
  return session.request({ method: 'POST', url: '/api/v1/circulation/check-out', payload: body });
}

export function checkInVia(session: StaffSession, body: Record<string, unknown>) {
  return session.request({ method: 'POST', url: '/api/v1/circulation/check-in', payload: body });
}

/** The codes of the refusals in a 422 (or 403 override) reply. */
export function refusalCodes(reply: { json(): any }): string[] {
  return ((reply.json().error?.details?.refusals ?? reply.json().refusals ?? []) as { code: string }[]).map((entry) => entry.code).sort();
}

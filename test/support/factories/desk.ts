import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { CarrelDatabase } from '../../../src/db/database.ts';
import type { Database } from '../../../src/db/schema.ts';
import { replaceWeeklyHours } from '../../../src/modules/org/calendar.queries.ts';
import type { Clock } from '../../../src/platform/clock.ts';
import { newId } from '../../../src/platform/ids.ts';
import { buildTestApp, signInAs, type StaffSession } from '../http.ts';
import { makeCirculationSetup, makeRule, type CirculationSetupOptions, type RuleSpec } from './circulation.ts';
import { makeInstitution, type InstitutionFixture } from './institution.ts';
import { everyDay } from './org.ts';
import { makeStaff } from './staff.ts';

export interface DeskFixture {
  app: FastifyInstance;
  library: InstitutionFixture;
  /** signed in with the technician role: checks out, in, renews and overrides */
  technician: StaffSession;
  /** signed in with the student-worker role: may check out but not override */
  studentWorker: StaffSession;
  /** the technician's username and password, to sign in again when a test moves the clock */
  technicianAccount: { username: string; password: string };
  /** the student worker's, for the same (a staff session ends STAFF_SESSION_MAX_HOURS after sign-in) */
  studentWorkerAccount: { username: string; password: string };
}

/**
 * A library ready to lend on the given clock: the default circulation policies (with `options`),
 * then `rules` in order (a function, since rules name the new library's material and loan types),
 * a desk open every day, and a technician and a student worker signed in.
 */
export async function makeDesk(
  database: CarrelDatabase,
  clock: Clock,
  options: CirculationSetupOptions & { rules?: (library: InstitutionFixture) => RuleSpec[] } = {},
): Promise<DeskFixture> {
  const { rules = () => [], ...setup } = options;
  const { app } = await buildTestApp(database, clock);
  const library = await makeInstitution(database.db);
  await makeCirculationSetup(database.db, library, setup);
  for (const rule of rules(library)) await makeRule(database.db, library, rule);
  await openEveryDay(database.db, library);
  const technicianAccount = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
  const student = await makeStaff(database.db, library.institutionId, { roleCode: 'student-worker' });
  const technician = await signInAs(app, technicianAccount.username, technicianAccount.password);
  const studentWorker = await signInAs(app, student.username, student.password);
  return { app, library, technician, studentWorker, technicianAccount, studentWorkerAccount: student };
}

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

import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CampusTable, Database, InstitutionTable, LibraryTable, LocationTable } from '../../db/schema.ts';

/** Institutions, campuses, libraries and shelving locations, always within one institution. */

export async function findInstitutionById(db: Kysely<Database>, institutionId: string) {
  return db.selectFrom('institution').selectAll().where('id', '=', institutionId).executeTakeFirst();
}

export async function listInstitutionsByCode(db: Kysely<Database>) {
  return db.selectFrom('institution').selectAll().orderBy('code').execute();
}

export async function findInstitutionByCode(db: Kysely<Database>, code: string) {
  return db.selectFrom('institution').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listCampuses(db: Kysely<Database>, institutionId: string) {
  return db.selectFrom('campus').select(['id', 'code', 'name']).where('institution_id', '=', institutionId).orderBy('name').execute();
}

export async function listLibraries(db: Kysely<Database>, institutionId: string) {
  const rows = await db
    .selectFrom('library')
    .innerJoin('campus', 'campus.id', 'library.campus_id')
    .select(['library.id', 'library.code', 'library.name', 'campus.id as campusId', 'campus.code as campusCode', 'campus.name as campusName'])
    .where('library.institution_id', '=', institutionId)
    .orderBy('library.name')
    .execute();
  return rows.map((row) => ({ id: row.id, code: row.code, name: row.name, campus: { id: row.campusId, code: row.campusCode, name: row.campusName } }));
}

export async function findLibrary(db: Kysely<Database>, institutionId: string, libraryId: string) {
  return db.selectFrom('library').selectAll().where('institution_id', '=', institutionId).where('id', '=', libraryId).executeTakeFirst();
}

export async function findLocationRow(db: Kysely<Database>, institutionId: string, locationId: string) {
  return db.selectFrom('location').selectAll().where('institution_id', '=', institutionId).where('id', '=', locationId).executeTakeFirst();
}

/** The institution's shelving locations by id or code (catalogue forms and imports speak in codes). */
export async function findLocationByIdOrCode(db: Kysely<Database>, institutionId: string, idOrCode: string) {
  return db
    .selectFrom('location')
    .select(['id', 'code', 'name'])
    .where('institution_id', '=', institutionId)
    .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
    .executeTakeFirst();
}

export async function listLocationCodes(db: Kysely<Database>, institutionId: string) {
  return db.selectFrom('location').select(['id', 'code']).where('institution_id', '=', institutionId).execute();
}

export async function codeIsTaken(db: Kysely<Database>, table: 'location' | 'service_point', institutionId: string, code: string, exceptId?: string) {
  let query = db.selectFrom(table).select('id').where('institution_id', '=', institutionId).where('code', '=', code);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Which of these ids are rows of the institution; the rest do not exist for the caller. */
export async function missingIds(db: Kysely<Database>, table: 'location' | 'service_point', institutionId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const found = await db.selectFrom(table).select('id').where('institution_id', '=', institutionId).where('id', 'in', [...ids]).execute();
  const known = new Set(found.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}

export interface LocationFilter {
  institutionId: string;
  libraryId?: string | undefined;
  locationId?: string | undefined;
  limit: number;
  offset: number;
}

/** Shelving locations with their library and campus, and the service points that serve them. */
export async function listLocations(db: Kysely<Database>, filter: LocationFilter) {
  let base = db
    .selectFrom('location')
    .innerJoin('library', 'library.id', 'location.library_id')
    .innerJoin('campus', 'campus.id', 'library.campus_id')
    .where('location.institution_id', '=', filter.institutionId);
  if (filter.libraryId) base = base.where('location.library_id', '=', filter.libraryId);
  if (filter.locationId) base = base.where('location.id', '=', filter.locationId);
  const [rows, count] = await Promise.all([
    base
      .select([
        'location.id',
        'location.code',
        'location.name',
        'location.active',
        'location.primary_service_point_id as primaryServicePointId',
        'library.id as libraryId',
        'library.code as libraryCode',
        'library.name as libraryName',
        'campus.id as campusId',
        'campus.code as campusCode',
        'campus.name as campusName',
      ])
      .orderBy('library.name')
      .orderBy('location.name')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const servers = rows.length === 0
    ? []
    : await db
        .selectFrom('service_point_location')
        .innerJoin('service_point', 'service_point.id', 'service_point_location.service_point_id')
        .select(['service_point_location.location_id as locationId', 'service_point.id', 'service_point.code', 'service_point.name'])
        .where('service_point.institution_id', '=', filter.institutionId)
        .where('service_point_location.location_id', 'in', rows.map((row) => row.id))
        .orderBy('service_point.name')
        .execute();
  return {
    total: Number(count.total),
    items: rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      active: Boolean(row.active),
      library: { id: row.libraryId, code: row.libraryCode, name: row.libraryName },
      campus: { id: row.campusId, code: row.campusCode, name: row.campusName },
      primaryServicePointId: row.primaryServicePointId,
      servicePoints: servers.filter((server) => server.locationId === row.id).map(({ id, code, name }) => ({ id, code, name })),
    })),
  };
}

export type LocationView = Awaited<ReturnType<typeof listLocations>>['items'][number];

export async function findLocationView(db: Kysely<Database>, institutionId: string, locationId: string): Promise<LocationView | undefined> {
  const { items } = await listLocations(db, { institutionId, locationId, limit: 1, offset: 0 });
  return items[0];
}

/** Make a location served by exactly these service points. */
export async function setServingServicePoints(db: Kysely<Database>, locationId: string, servicePointIds: readonly string[]) {
  await db.deleteFrom('service_point_location').where('location_id', '=', locationId).execute();
  if (servicePointIds.length === 0) return;
  await db
    .insertInto('service_point_location')
    .values([...new Set(servicePointIds)].map((servicePointId) => ({ service_point_id: servicePointId, location_id: locationId })))
    .execute();
}

export async function insertInstitution(db: Kysely<Database>, institution: Insertable<InstitutionTable>): Promise<void> {
  await db.insertInto('institution').values(institution).execute();
}

/** Whether the institution has a campus (or library) with this code already. */
export async function orgUnitCodeIsTaken(db: Kysely<Database>, table: 'campus' | 'library', institutionId: string, code: string): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('institution_id', '=', institutionId).where('code', '=', code).executeTakeFirst()) !== undefined;
}

export async function campusExists(db: Kysely<Database>, institutionId: string, campusId: string): Promise<boolean> {
  return (await db.selectFrom('campus').select('id').where('institution_id', '=', institutionId).where('id', '=', campusId).executeTakeFirst()) !== undefined;
}

export async function insertCampus(db: Kysely<Database>, campus: Insertable<CampusTable>): Promise<void> {
  await db.insertInto('campus').values(campus).execute();
}

export async function insertLibrary(db: Kysely<Database>, library: Insertable<LibraryTable>): Promise<void> {
  await db.insertInto('library').values(library).execute();
}

export async function insertLocation(db: Kysely<Database>, location: Insertable<LocationTable>): Promise<void> {
  await db.insertInto('location').values(location).execute();
}

export async function updateLocationRow(db: Kysely<Database>, locationId: string, changes: Updateable<LocationTable>): Promise<void> {
  await db.updateTable('location').set(changes).where('id', '=', locationId).execute();
}

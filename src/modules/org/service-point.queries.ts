import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, ServicePointTable } from '../../db/schema.ts';

/** A service point as the API and other modules see it (the stable shape of GET /service-points). */
export interface ServicePointView {
  id: string;
  code: string;
  name: string;
  discoveryName: string | null;
  isPickupPoint: boolean;
  holdShelfExpiryDays: number;
  /** The effective zone: the service point's own, or else the institution's. */
  timeZone: string;
  /** The service point's own zone setting; null means it follows the institution. */
  ownTimeZone: string | null;
  active: boolean;
  library: { id: string; code: string; name: string } | null;
  locationIds: string[];
}

interface ServicePointFilter {
  institutionId: string;
  servicePointId?: string | undefined;
  pickupPointsOnly?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function listServicePoints(db: Kysely<Database>, filter: ServicePointFilter): Promise<{ items: ServicePointView[]; total: number }> {
  let base = db
    .selectFrom('service_point')
    .innerJoin('institution', 'institution.id', 'service_point.institution_id')
    .leftJoin('library', 'library.id', 'service_point.library_id')
    .where('service_point.institution_id', '=', filter.institutionId);
  if (filter.servicePointId) base = base.where('service_point.id', '=', filter.servicePointId);
  if (filter.pickupPointsOnly) base = base.where('service_point.is_pickup_point', '=', true);
  const [rows, count] = await Promise.all([
    base
      .select([
        'service_point.id',
        'service_point.code',
        'service_point.name',
        'service_point.discovery_name as discoveryName',
        'service_point.is_pickup_point as isPickupPoint',
        'service_point.hold_shelf_expiry_days as holdShelfExpiryDays',
        'service_point.time_zone as ownTimeZone',
        'service_point.active',
        'institution.time_zone as institutionTimeZone',
        'library.id as libraryId',
        'library.code as libraryCode',
        'library.name as libraryName',
      ])
      .orderBy('service_point.name')
      .orderBy('service_point.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const served = rows.length === 0
    ? []
    : await db
        .selectFrom('service_point_location')
        .select(['service_point_id as servicePointId', 'location_id as locationId'])
        .where('service_point_id', 'in', rows.map((row) => row.id))
        .orderBy('location_id')
        .execute();
  return {
    total: Number(count.total),
    items: rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      discoveryName: row.discoveryName,
      isPickupPoint: Boolean(row.isPickupPoint),
      holdShelfExpiryDays: Number(row.holdShelfExpiryDays),
      timeZone: row.ownTimeZone ?? row.institutionTimeZone,
      ownTimeZone: row.ownTimeZone,
      active: Boolean(row.active),
      library: row.libraryId && row.libraryCode && row.libraryName ? { id: row.libraryId, code: row.libraryCode, name: row.libraryName } : null,
      locationIds: served.filter((link) => link.servicePointId === row.id).map((link) => link.locationId),
    })),
  };
}

/** One service point of the institution, or undefined (also when it belongs to another institution). */
export async function findServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<ServicePointView | undefined> {
  const { items } = await listServicePoints(db, { institutionId, servicePointId, limit: 1, offset: 0 });
  return items[0];
}

/** Make a service point serve exactly these locations. */
export async function setServedLocations(db: Kysely<Database>, servicePointId: string, locationIds: readonly string[]) {
  await db.deleteFrom('service_point_location').where('service_point_id', '=', servicePointId).execute();
  if (locationIds.length === 0) return;
  await db
    .insertInto('service_point_location')
    .values([...new Set(locationIds)].map((locationId) => ({ service_point_id: servicePointId, location_id: locationId })))
    .execute();
}

export async function insertServicePoint(db: Kysely<Database>, row: Insertable<ServicePointTable>): Promise<void> {
  await db.insertInto('service_point').values(row).execute();
}

export async function updateServicePointRow(db: Kysely<Database>, institutionId: string, servicePointId: string, changes: Updateable<ServicePointTable>): Promise<void> {
  await db.updateTable('service_point').set(changes).where('institution_id', '=', institutionId).where('id', '=', servicePointId).execute();
}

export async function findServicePointIdByCode(db: Kysely<Database>, institutionId: string, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('service_point').select('id').where('institution_id', '=', institutionId).where('code', '=', code).executeTakeFirst();
  return row?.id;
}

/** The names a service point goes by: its own, its library's (if any) and its institution's. */
export async function findPlaceOfServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string) {
  return db
    .selectFrom('service_point')
    .innerJoin('institution', 'institution.id', 'service_point.institution_id')
    .leftJoin('library', 'library.id', 'service_point.library_id')
    .select(['institution.name as institutionName', 'library.name as libraryName', 'service_point.name as servicePointName'])
    .where('service_point.institution_id', '=', institutionId)
    .where('service_point.id', '=', servicePointId)
    .executeTakeFirst();
}

export async function findServicePointCode(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<string | undefined> {
  const row = await db.selectFrom('service_point').select('code').where('institution_id', '=', institutionId).where('id', '=', servicePointId).executeTakeFirst();
  return row?.code;
}

/** The code of the service point a shelving location (by its code) is primarily served by. */
export async function findHomeDeskCodeOfLocation(db: Kysely<Database>, institutionId: string, locationCode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('location')
    .innerJoin('service_point', 'service_point.id', 'location.primary_service_point_id')
    .select('service_point.code')
    .where('location.institution_id', '=', institutionId)
    .where('location.code', '=', locationCode)
    .executeTakeFirst();
  return row?.code;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findHomeDeskCodeOfLocation, findPlaceOfServicePoint, findServicePointCode, findServicePointIdByCode, listServicePoints, type ServicePointView } from './service-point.queries.ts';

/** The institution's service points where patrons may pick up requests (active or not; at most 200). */
export async function pickupServicePoints(db: Kysely<Database>, institutionId: string): Promise<ServicePointView[]> {
  const { items } = await listServicePoints(db, { institutionId, pickupPointsOnly: true, limit: 200, offset: 0 });
  return items;
}

/** One page of the institution's service points, optionally only those where patrons may pick up requests. */
export async function servicePointsPage(
  db: Kysely<Database>,
  institutionId: string,
  page: { pickupPointsOnly?: boolean | undefined; limit: number; offset: number },
): Promise<{ items: ServicePointView[]; total: number }> {
  return listServicePoints(db, { institutionId, ...page });
}

/** The id of the institution's service point with this code, or undefined. */
export async function servicePointIdOfCode(db: Kysely<Database>, institutionId: string, code: string): Promise<string | undefined> {
  return findServicePointIdByCode(db, institutionId, code);
}

/** What a kiosk at this service point calls where it is: the service point's, library's and institution's names. */
export async function placeOfServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string) {
  return findPlaceOfServicePoint(db, institutionId, servicePointId);
}

/** The code of the institution's service point with this id, or undefined. */
export async function servicePointCodeOf(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<string | undefined> {
  return findServicePointCode(db, institutionId, servicePointId);
}

/** The code of the desk that primarily serves the shelving location with this code (where its items go home), or undefined. */
export async function homeDeskCodeOfLocation(db: Kysely<Database>, institutionId: string, locationCode: string): Promise<string | undefined> {
  return findHomeDeskCodeOfLocation(db, institutionId, locationCode);
}

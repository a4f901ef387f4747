import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { listServicePoints, type ServicePointView } from './service-point.queries.ts';

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

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { openRequestStatuses } from './request-queue.queries.ts';
import { listRequests, type RequestView } from './request.queries.ts';

/** A patron's open requests (waiting, in transit, on the hold shelf), looking at no more than `limit` of all their requests. */
export async function openRequestsOfPatron(db: Kysely<Database>, institutionId: string, patronId: string, limit: number): Promise<RequestView[]> {
  const { items } = await listRequests(db, { institutionId, patronId, limit, offset: 0 });
  return items.filter((request) => openRequestStatuses.includes(request.status));
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { copyByBarcode } from '../catalog/index.ts';
import { patronIdOfBarcode } from '../patrons/index.ts';
import { requestIsPatrons } from './request-owner.queries.ts';
import { openRequestStatuses } from './request-queue.queries.ts';
import { listRequests, oldestOpenRequestOf, type RequestView } from './request.queries.ts';

/** A patron's open requests (waiting, in transit, on the hold shelf), looking at no more than `limit` of all their requests. */
export async function openRequestsOfPatron(db: Kysely<Database>, institutionId: string, patronId: string, limit: number): Promise<RequestView[]> {
  const { items } = await listRequests(db, { institutionId, patronId, limit, offset: 0 });
  return items.filter((request) => openRequestStatuses.includes(request.status));
}

/** The patron's oldest open request on an item (or on the item's title), or on a title; for a kiosk's cancel or pickup change. */
export async function openRequestOfPatronOn(db: Kysely<Database>, institutionId: string, on: { patronBarcode: string; itemBarcode?: string | undefined; instanceId?: string | undefined }): Promise<string | undefined> {
  const patronId = await patronIdOfBarcode(db, institutionId, on.patronBarcode);
  if (!patronId) return undefined;
  if (on.itemBarcode) {
    const item = await copyByBarcode(db, institutionId, on.itemBarcode);
    return item ? oldestOpenRequestOf(db, institutionId, patronId, { itemId: item.id, instanceId: item.instanceId }) : undefined;
  }
  return on.instanceId ? oldestOpenRequestOf(db, institutionId, patronId, { instanceId: on.instanceId }) : undefined;
}

/** Whether the request (open or ended) is this patron's: the portal acts on the signed-in patron's own requests only. */
export async function isRequestOfPatron(db: Kysely<Database>, institutionId: string, patronId: string, requestId: string): Promise<boolean> {
  return requestIsPatrons(db, institutionId, patronId, requestId);
}

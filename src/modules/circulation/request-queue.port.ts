import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The hooks the requests module (a later issue) fills in. Circulation asks them at check-in
 * (does someone wait for this item? then it goes to the hold shelf), at check-out and renewal
 * (is the item requested? shorter loans, renewal blocked). Until requests exist, nobody waits.
 */
export interface WaitingRequest {
  requestId: string;
  patronId: string;
  pickupServicePointId: string;
  pickupServicePointName: string;
}

export async function firstWaitingRequestForItem(_trx: Kysely<Database>, _institutionId: string, _itemId: string): Promise<WaitingRequest | null> {
  return null;
}

export async function itemHasOpenRequests(_trx: Kysely<Database>, _institutionId: string, _itemId: string): Promise<boolean> {
  return false;
}

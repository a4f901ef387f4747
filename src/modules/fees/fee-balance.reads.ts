import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { patronOpenFeeBalanceCents } from './fee-balance.queries.ts';

/** What a patron owes the institution now, over all their open fees, in cents. */
export async function patronOwesCents(db: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  return patronOpenFeeBalanceCents(db, institutionId, patronId);
}

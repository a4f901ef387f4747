import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findCirculationPatron, type CirculationPatron } from './circulation-patron.queries.ts';
import { listLoans, type LoanView } from './loan-history.queries.ts';

/** What other modules may read of circulation, always within one institution. */

/** The patron as the circulation rules see them (group, blocks, expiry, open loans), by barcode; null when unknown. */
export async function borrowerByBarcode(db: Kysely<Database>, institutionId: string, barcode: string): Promise<CirculationPatron | null> {
  return findCirculationPatron(db, institutionId, { barcode });
}

/** A patron's open loans as staff see them, at most `limit` of them. */
export async function openLoansOfPatron(db: Kysely<Database>, institutionId: string, patronId: string, now: Date, limit: number): Promise<LoanView[]> {
  const { items } = await listLoans(db, { institutionId, patronId, status: 'open', now, limit, offset: 0 });
  return items;
}

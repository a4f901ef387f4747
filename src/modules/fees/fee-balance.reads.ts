import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { countFeesOfLoan, patronOpenFeeBalanceCents } from './fee-balance.queries.ts';

/** What a patron owes the institution now, over all their open fees, in cents. */
export async function patronOwesCents(db: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  return patronOpenFeeBalanceCents(db, institutionId, patronId);
}

/** How many fees (open or closed) were charged on this loan. */
export async function feesOfLoanCount(db: Kysely<Database>, institutionId: string, loanId: string): Promise<number> {
  return countFeesOfLoan(db, institutionId, loanId);
}

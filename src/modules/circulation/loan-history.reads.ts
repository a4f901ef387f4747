import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { findLoanView, listLoans, type LoanFilter, type LoanView } from './loan-history.queries.ts';

/** One page of the institution's loans, narrowed by patron, item, open or closed, overdue. */
export async function loansPage(db: Kysely<Database>, filter: Omit<LoanFilter, 'loanId'>): Promise<{ items: LoanView[]; total: number }> {
  return listLoans(db, filter);
}

/** One loan of the institution as staff see it; a missing one is refused. */
export async function requireLoanView(db: Kysely<Database>, institutionId: string, loanId: string, now: Date): Promise<LoanView> {
  const loan = await findLoanView(db, institutionId, loanId, now);
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', 'There is no such loan.', { loanId });
  return loan;
}

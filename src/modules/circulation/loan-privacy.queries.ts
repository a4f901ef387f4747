import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forgetPatronInLoanAudit } from '../audit/index.ts';

/**
 * Privacy: a loan that ends without the patron keeping their history leaves no record linking the
 * patron to the item. The loan row forgets the patron at check-in; this makes the logs forget too:
 * the loan's circulation events (created, renewed, due date changed, closed, lost, returned) and
 * the audit events about it. The fee ledger keeps its patron (fees are owed by someone).
 */
export async function forgetPatronOfEndedLoan(trx: Kysely<Database>, institutionId: string, loanId: string, patronId: string): Promise<void> {
  await trx.updateTable('circulation_event').set({ patron_id: null }).where('loan_id', '=', loanId).where('institution_id', '=', institutionId).execute();
  await forgetPatronInLoanAudit(trx, institutionId, loanId, patronId);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL of a recall (recall.service.ts): the loan with its policy, the shortened due date, and the open loans on a title's copies. */

export async function findLoanToRecall(trx: Kysely<Database>, institutionId: string, loanId: string) {
  return trx
    .selectFrom('loan')
    .innerJoin('loan_policy', 'loan_policy.id', 'loan.loan_policy_id')
    .select(['loan.id', 'loan.item_id', 'loan.patron_id', 'loan.loaned_at', 'loan.due_at', 'loan.recalled_at', 'loan.checkout_service_point_id', 'loan_policy.settings'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.id', '=', loanId)
    .executeTakeFirstOrThrow();
}

export async function setRecalledDueDate(trx: Kysely<Database>, loanId: string, dueAt: string, now: Date): Promise<void> {
  await trx.updateTable('loan').set({ recalled_at: now.toISOString(), due_at: dueAt, updated_at: now.toISOString() }).where('id', '=', loanId).execute();
}

export interface OpenLoanOnCopy {
  itemId: string;
  loanId: string;
  loanedAt: string;
  recalledAt: string | null;
}

/** The open loans on the copies of a title (at most one per copy). */
export async function openLoansOnTitle(db: Kysely<Database>, institutionId: string, instanceId: string): Promise<OpenLoanOnCopy[]> {
  const rows = await db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .select(['loan.item_id', 'loan.id', 'loan.loaned_at', 'loan.recalled_at'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('item.instance_id', '=', instanceId)
    .execute();
  return rows.map((row) => ({ itemId: row.item_id, loanId: row.id, loanedAt: String(row.loaned_at), recalledAt: row.recalled_at }));
}

import { sql, type Kysely } from 'kysely';
import type { Database, LoanState } from '../../db/schema.ts';

/** SQL of the staff changes to an open loan and of marking an item missing (loan-state.service.ts). */

/** A loan with its item's status and replacement cost, as a change of state needs them. */
export async function findLoanForStateChange(trx: Kysely<Database>, institutionId: string, loanId: string) {
  return trx
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .select(['loan.id', 'loan.item_id', 'loan.patron_id', 'loan.status', 'loan.state', 'loan.loaned_at', 'loan.due_at', 'loan.lost_item_policy_id', 'item.status as item_status', 'item.replacement_cost_cents'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.id', '=', loanId)
    .executeTakeFirst();
}

/** Move an open loan from one state to another, stamping when; false when it was no longer in `from`. */
export async function moveLoanState(trx: Kysely<Database>, loanId: string, from: LoanState, to: LoanState, at: Date, stamp: 'declared_lost_at' | 'claimed_returned_at' | 'aged_to_lost_at'): Promise<boolean> {
  const result = await trx
    .updateTable('loan')
    .set({ state: to, [stamp]: at.toISOString(), updated_at: at.toISOString() })
    .where('id', '=', loanId)
    .where('status', '=', 'open')
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setLoanDueDate(trx: Kysely<Database>, loanId: string, dueAt: string, finePeriodDueAt: string | null, now: Date): Promise<void> {
  await trx.updateTable('loan').set({ due_at: dueAt, fine_period_due_at: finePeriodDueAt, updated_at: now.toISOString() }).where('id', '=', loanId).execute();
}

/** One more lost item, or claim returned, on the patron's record (every occurrence counts). */
export async function countOnPatron(trx: Kysely<Database>, patronId: string, counter: 'lost_item_count' | 'claimed_returned_count'): Promise<void> {
  await trx
    .updateTable('patron')
    .set(counter === 'lost_item_count' ? { lost_item_count: sql`lost_item_count + 1` } : { claimed_returned_count: sql`claimed_returned_count + 1` })
    .where('id', '=', patronId)
    .execute();
}

export async function findItemOfInstitution(trx: Kysely<Database>, institutionId: string, itemId: string) {
  return trx.selectFrom('item').select(['id', 'barcode', 'status']).where('institution_id', '=', institutionId).where('id', '=', itemId).executeTakeFirst();
}

export async function findOpenLoanOfItem(trx: Kysely<Database>, itemId: string): Promise<{ id: string } | undefined> {
  return trx.selectFrom('loan').select('id').where('item_id', '=', itemId).where('status', '=', 'open').executeTakeFirst();
}

/** Open, checked-out loans past their due date, with their lost item policy: what the aged-to-lost job looks at. */
export async function overdueLoansWithLostItemPolicy(db: Kysely<Database>, institutionId: string, now: Date) {
  return db
    .selectFrom('loan')
    .innerJoin('lost_item_policy', 'lost_item_policy.id', 'loan.lost_item_policy_id')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .select(['loan.id', 'loan.item_id', 'loan.patron_id', 'loan.due_at', 'loan.lost_item_policy_id', 'lost_item_policy.settings', 'item.replacement_cost_cents'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('loan.state', '=', 'checked-out')
    .where('loan.due_at', '<', now.toISOString())
    .execute();
}

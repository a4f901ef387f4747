import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loanViewQuery, selectLoanView } from './loan-history.queries.ts';
import { deskOf } from './loan.queries.ts';

/**
 * A loan to renew, in one query: what the renewal checks (state, renewals so far, recall, policy),
 * the desk whose calendar sets the new due date (the lending desk, else the item's home desk), and
 * the loan as staff see it, so the renewed loan is answered without reading it again.
 */
export async function findLoanToRenew(trx: Kysely<Database>, institutionId: string, loanId: string) {
  const row = await selectLoanView(loanViewQuery(trx, institutionId))
    .innerJoin('location', 'location.id', 'holding.location_id')
    .innerJoin('institution', 'institution.id', 'loan.institution_id')
    .leftJoin('service_point as desk', (join) =>
      join.on(sql<boolean>`desk.id = coalesce(loan.checkout_service_point_id, location.primary_service_point_id)`).onRef('desk.institution_id', '=', 'loan.institution_id'),
    )
    .select([
      'loan.item_id', 'loan_policy.settings as loan_policy_settings',
      'desk.id as desk_id', 'desk.name as desk_name', 'desk.time_zone as desk_time_zone', 'institution.time_zone as institution_time_zone',
    ])
    .where('loan.id', '=', loanId)
    .executeTakeFirst();
  return row ? { ...row, desk: deskOf(row) } : undefined;
}

/**
 * The loan moves to its new due date and starts a new loan period, whose fine (if any) is named by
 * its own due date. False when the loan changed meanwhile (another renewal, a check-in).
 */
export async function renewLoanRow(trx: Kysely<Database>, loan: { id: string; dueAt: string; renewalCount: number }, renewed: { dueAt: string; now: Date }): Promise<boolean> {
  const updated = await trx
    .updateTable('loan')
    .set({ due_at: renewed.dueAt, renewal_count: loan.renewalCount + 1, fine_period_due_at: null, updated_at: renewed.now.toISOString() })
    .where('id', '=', loan.id)
    .where('status', '=', 'open')
    .where('renewal_count', '=', loan.renewalCount)
    .where('due_at', '=', loan.dueAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** A patron's open loans, soonest due first. */
export async function openLoanIdsOfPatron(db: Kysely<Database>, institutionId: string, patronId: string): Promise<string[]> {
  const rows = await db.selectFrom('loan').select('id').where('institution_id', '=', institutionId).where('patron_id', '=', patronId).where('status', '=', 'open').orderBy('due_at').execute();
  return rows.map((row) => row.id);
}

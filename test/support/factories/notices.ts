import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { newId } from '../../../src/platform/ids.ts';
import type { CirculationSetup } from './circulation.ts';
import type { InstitutionFixture } from './institution.ts';

/** An open loan written straight to the table, lent under the setup's fallback rule at the main desk. */
export async function makeOpenLoan(
  db: Kysely<Database>,
  library: InstitutionFixture,
  setup: CirculationSetup,
  loan: { itemId: string; patronId: string; loanedAt: string; dueAt: string; recalledAt?: string },
): Promise<string> {
  const patron = await db.selectFrom('patron').select('patron_group_id').where('id', '=', loan.patronId).executeTakeFirstOrThrow();
  const id = newId();
  await db
    .insertInto('loan')
    .values({
      id,
      institution_id: library.institutionId,
      item_id: loan.itemId,
      patron_id: loan.patronId,
      patron_group_id: patron.patron_group_id,
      circulation_rule_id: setup.fallbackRuleId,
      loan_policy_id: setup.loanPolicyId,
      overdue_fine_policy_id: setup.overdueFinePolicyId,
      lost_item_policy_id: setup.lostItemPolicyId,
      checkout_service_point_id: library.servicePointId,
      loaned_at: loan.loanedAt,
      due_at: loan.dueAt,
      original_due_at: loan.dueAt,
      recalled_at: loan.recalledAt ?? null,
      updated_at: loan.loanedAt,
    })
    .execute();
  await db.updateTable('item').set({ status: 'checked-out' }).where('id', '=', loan.itemId).execute();
  return id;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface NewLoan {
  id: string;
  institutionId: string;
  itemId: string;
  patronId: string;
  patronGroupId: string;
  ruleId: string;
  loanPolicyId: string;
  overdueFinePolicyId: string;
  lostItemPolicyId: string;
  servicePointId: string;
  loanedAt: string;
  dueAt: string;
  now: Date;
}

/** The loan a check-out makes, with the policies its rule chose (so later rule changes do not reach it). */
export async function insertLoan(trx: Kysely<Database>, loan: NewLoan): Promise<void> {
  await trx
    .insertInto('loan')
    .values({
      id: loan.id,
      institution_id: loan.institutionId,
      item_id: loan.itemId,
      patron_id: loan.patronId,
      patron_group_id: loan.patronGroupId,
      circulation_rule_id: loan.ruleId,
      loan_policy_id: loan.loanPolicyId,
      overdue_fine_policy_id: loan.overdueFinePolicyId,
      lost_item_policy_id: loan.lostItemPolicyId,
      checkout_service_point_id: loan.servicePointId,
      loaned_at: loan.loanedAt,
      due_at: loan.dueAt,
      original_due_at: loan.dueAt,
      updated_at: loan.now.toISOString(),
    })
    .execute();
}

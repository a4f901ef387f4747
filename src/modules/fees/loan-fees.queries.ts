import type { Kysely } from 'kysely';
import type { Database, FeeTypeKind } from '../../db/schema.ts';
import { lostItemPolicySettingsSchema, overdueFinePolicySettingsSchema, type LostItemPolicySettings, type OverdueFinePolicySettings } from '../circulation/policy-settings.ts';

/** What the fines and lost-item charges of one loan are worked out from: one query. */
export interface LoanFeeFacts {
  id: string;
  itemId: string;
  title: string;
  dueAt: string;
  recalledAt: string | null;
  lostAt: string | null;
  checkoutServicePointId: string | null;
  replacementCostCents: number | null;
  finePolicy: OverdueFinePolicySettings | null;
  lostItemPolicy: LostItemPolicySettings | null;
  currency: string;
  timeZone: string;
}

export async function findLoanFeeFacts(trx: Kysely<Database>, institutionId: string, loanId: string): Promise<LoanFeeFacts> {
  const row = await trx
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('institution', 'institution.id', 'loan.institution_id')
    .leftJoin('overdue_fine_policy', 'overdue_fine_policy.id', 'loan.overdue_fine_policy_id')
    .leftJoin('lost_item_policy', 'lost_item_policy.id', 'loan.lost_item_policy_id')
    .select([
      'loan.id', 'loan.item_id', 'instance.title', 'loan.due_at', 'loan.recalled_at', 'loan.declared_lost_at', 'loan.aged_to_lost_at', 'loan.checkout_service_point_id',
      'item.replacement_cost_cents', 'overdue_fine_policy.settings as fine_settings', 'lost_item_policy.settings as lost_settings', 'institution.currency', 'institution.time_zone',
    ])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.id', '=', loanId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    itemId: row.item_id,
    title: row.title,
    dueAt: row.due_at,
    recalledAt: row.recalled_at,
    lostAt: row.declared_lost_at ?? row.aged_to_lost_at,
    checkoutServicePointId: row.checkout_service_point_id,
    replacementCostCents: row.replacement_cost_cents === null ? null : Number(row.replacement_cost_cents),
    finePolicy: row.fine_settings ? overdueFinePolicySettingsSchema.parse(JSON.parse(row.fine_settings)) : null,
    lostItemPolicy: row.lost_settings ? lostItemPolicySettingsSchema.parse(JSON.parse(row.lost_settings)) : null,
    currency: row.currency,
    timeZone: row.time_zone,
  };
}

/** The fees of one loan of one kind, oldest first; `description` narrows to one loan period's fine. */
export async function feeIdsOfLoan(trx: Kysely<Database>, institutionId: string, loanId: string, kind: FeeTypeKind, description?: string): Promise<string[]> {
  let query = trx
    .selectFrom('fee')
    .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
    .select('fee.id')
    .where('fee.institution_id', '=', institutionId)
    .where('fee.loan_id', '=', loanId)
    .where('fee_type.kind', '=', kind);
  if (description !== undefined) query = query.where('fee.description', '=', description);
  const rows = await query.orderBy('fee.created_at').orderBy('fee.id').execute();
  return rows.map((row) => row.id);
}

import type { Kysely } from 'kysely';
import type { CirculationRuleTable, Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

/** The criteria and policies a rule points at, as stored. */
export type RuleColumns = Pick<
  CirculationRuleTable,
  'patron_group_id' | 'material_type_id' | 'loan_type_id' | 'location_id' | 'library_id' | 'campus_id' | 'loan_policy_id' | 'request_policy_id' | 'overdue_fine_policy_id' | 'lost_item_policy_id' | 'notice_policy_id'
>;

export async function ruleNameIsTaken(trx: Kysely<Database>, institutionId: string, name: string, exceptId: string | null): Promise<boolean> {
  let query = trx.selectFrom('circulation_rule').select('id').where('institution_id', '=', institutionId).where('name', '=', name);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The name of the institution's fallback rule, when it has one. */
export async function fallbackRuleName(trx: Kysely<Database>, institutionId: string): Promise<string | null> {
  const row = await trx.selectFrom('circulation_rule').select('name').where('institution_id', '=', institutionId).where('is_fallback', '=', true).executeTakeFirst();
  return row?.name ?? null;
}

export async function insertRule(trx: Kysely<Database>, institutionId: string, rule: { name: string; columns: RuleColumns; isFallback: boolean; updatedAt: string; updatedBy: string }): Promise<string> {
  const id = newId();
  await trx
    .insertInto('circulation_rule')
    .values({ id, institution_id: institutionId, name: rule.name, ...rule.columns, is_fallback: rule.isFallback, updated_at: rule.updatedAt, updated_by: rule.updatedBy })
    .execute();
  return id;
}

export async function updateRule(trx: Kysely<Database>, institutionId: string, ruleId: string, rule: { name: string; columns: RuleColumns; updatedAt: string; updatedBy: string }): Promise<void> {
  await trx
    .updateTable('circulation_rule')
    .set({ name: rule.name, ...rule.columns, updated_at: rule.updatedAt, updated_by: rule.updatedBy })
    .where('id', '=', ruleId)
    .where('institution_id', '=', institutionId)
    .execute();
}

/** Loans keep the policies they were made under; only their pointer to the rule goes with it. */
export async function deleteRule(trx: Kysely<Database>, institutionId: string, ruleId: string): Promise<void> {
  await trx.updateTable('loan').set({ circulation_rule_id: null }).where('circulation_rule_id', '=', ruleId).execute();
  await trx.deleteFrom('circulation_rule').where('id', '=', ruleId).where('institution_id', '=', institutionId).execute();
}

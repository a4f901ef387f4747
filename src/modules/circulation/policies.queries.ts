import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { fixedDueDateScheduleSettingsSchema, loanPolicySettingsSchema, policyKinds, type FixedDueDateScheduleSettings, type PolicyKind } from '../policies/index.ts';

export interface PolicyRecord {
  id: string;
  code: string;
  name: string;
  description: string | null;
  settings: unknown;
  updatedAt: string;
  updatedBy: string | null;
}

/** Every policy table has the same columns; Kysely is told one of them stands for all. */
export function policyTableOf(kind: PolicyKind): 'loan_policy' {
  return policyKinds[kind].table as 'loan_policy';
}

export async function listPolicyRecords(db: Kysely<Database>, institutionId: string, kind: PolicyKind, policyId?: string): Promise<PolicyRecord[]> {
  let query = db.selectFrom(policyTableOf(kind)).selectAll().where('institution_id', '=', institutionId);
  if (policyId) query = query.where('id', '=', policyId);
  const rows = await query.orderBy('name').orderBy('code').execute();
  const schema = policyKinds[kind].settings;
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    settings: schema.parse(JSON.parse(row.settings)),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  }));
}

export async function policyCodeIsTaken(db: Kysely<Database>, institutionId: string, kind: PolicyKind, code: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom(policyTableOf(kind)).select('id').where('institution_id', '=', institutionId).where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

const ruleColumnOfKind = {
  'loan-policy': 'loan_policy_id',
  'request-policy': 'request_policy_id',
  'overdue-fine-policy': 'overdue_fine_policy_id',
  'lost-item-policy': 'lost_item_policy_id',
  'notice-policy': 'notice_policy_id',
} as const;

const loanColumnOfKind = { 'loan-policy': 'loan_policy_id', 'overdue-fine-policy': 'overdue_fine_policy_id', 'lost-item-policy': 'lost_item_policy_id' } as const;

/** The names of the rules that point at this policy. */
export async function rulesUsingPolicy(db: Kysely<Database>, institutionId: string, kind: PolicyKind, policyId: string): Promise<string[]> {
  if (kind === 'fixed-due-date-schedule') return [];
  const rows = await db.selectFrom('circulation_rule').select('name').where('institution_id', '=', institutionId).where(ruleColumnOfKind[kind], '=', policyId).orderBy('name').execute();
  return rows.map((row) => row.name);
}

/** How many loans, open or closed, were made under this policy. */
export async function loansUsingPolicy(db: Kysely<Database>, institutionId: string, kind: PolicyKind, policyId: string): Promise<number> {
  if (!(kind in loanColumnOfKind)) return 0;
  const column = loanColumnOfKind[kind as keyof typeof loanColumnOfKind];
  const row = await db.selectFrom('loan').select((eb) => eb.fn.countAll().as('count')).where('institution_id', '=', institutionId).where(column, '=', policyId).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The codes of the loan policies whose fixed loan period names this schedule. */
export async function loanPoliciesUsingSchedule(db: Kysely<Database>, institutionId: string, scheduleCode: string): Promise<string[]> {
  const rows = await db.selectFrom('loan_policy').select(['code', 'settings']).where('institution_id', '=', institutionId).execute();
  return rows
    .filter((row) => {
      const settings = loanPolicySettingsSchema.safeParse(JSON.parse(row.settings));
      return settings.success && settings.data.loanPeriod?.kind === 'fixed' && settings.data.loanPeriod.scheduleCode === scheduleCode;
    })
    .map((row) => row.code);
}

/** The institution's fixed due date schedules by code, as due date calculation wants them. */
export async function fixedDueDateSchedulesOf(db: Kysely<Database>, institutionId: string): Promise<Record<string, FixedDueDateScheduleSettings>> {
  const rows = await db.selectFrom('fixed_due_date_schedule').select(['code', 'settings']).where('institution_id', '=', institutionId).execute();
  return Object.fromEntries(rows.map((row) => [row.code, fixedDueDateScheduleSettingsSchema.parse(JSON.parse(row.settings))]));
}

/** The columns a policy's create or update writes. */
export interface PolicyRow {
  code: string;
  name: string;
  description: string | null;
  /** JSON text */
  settings: string;
  updated_at: string;
  updated_by: string;
}

export async function insertPolicy(trx: Kysely<Database>, institutionId: string, kind: PolicyKind, row: PolicyRow): Promise<string> {
  const id = newId();
  await trx.insertInto(policyTableOf(kind)).values({ id, institution_id: institutionId, ...row }).execute();
  return id;
}

export async function updatePolicyRow(trx: Kysely<Database>, institutionId: string, kind: PolicyKind, policyId: string, row: PolicyRow): Promise<void> {
  await trx.updateTable(policyTableOf(kind)).set(row).where('id', '=', policyId).where('institution_id', '=', institutionId).execute();
}

export async function deletePolicyRow(trx: Kysely<Database>, institutionId: string, kind: PolicyKind, policyId: string): Promise<void> {
  await trx.deleteFrom(policyTableOf(kind)).where('id', '=', policyId).where('institution_id', '=', institutionId).execute();
}

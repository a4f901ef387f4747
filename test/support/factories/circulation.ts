import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../../src/db/schema.ts';
import { newId } from '../../../src/platform/ids.ts';
import {
  fixedDueDateScheduleSettingsSchema,
  loanPolicySettingsSchema,
  lostItemPolicySettingsSchema,
  noticePolicySettingsSchema,
  overdueFinePolicySettingsSchema,
  requestPolicySettingsSchema,
} from '../../../src/modules/policies/index.ts';
import type { InstitutionFixture } from './institution.ts';

type PolicyTableName = 'loan_policy' | 'request_policy' | 'overdue_fine_policy' | 'lost_item_policy' | 'notice_policy' | 'fixed_due_date_schedule';

export type LoanPolicyInput = z.input<typeof loanPolicySettingsSchema>;

/** Automated block limits; applied to every patron group unless `patronGroupCodes` names some. */
export interface LimitsSpec {
  patronGroupCodes?: string[];
  maxLoans?: number | null;
  /** by material type code, e.g. { laptop: 1 } */
  maxLoansPerMaterialType?: Record<string, number>;
  maxOverdueItems?: number | null;
  maxOverdueRecalls?: number | null;
  maxLostItems?: number | null;
  maxFeeBalanceCents?: number | null;
}

export interface CirculationSetupOptions {
  /** merged over the default: loanable, 21 days rolling */
  loanPolicy?: Partial<LoanPolicyInput>;
  requestPolicy?: Partial<z.input<typeof requestPolicySettingsSchema>>;
  overdueFinePolicy?: Partial<z.input<typeof overdueFinePolicySettingsSchema>>;
  lostItemPolicy?: Partial<z.input<typeof lostItemPolicySettingsSchema>>;
  noticePolicy?: Partial<z.input<typeof noticePolicySettingsSchema>>;
  /** schedules a fixed loan policy can name by code */
  fixedDueDateSchedules?: { code: string; entries: { from: string; to: string; due: string }[] }[];
  limits?: LimitsSpec;
}

export interface CirculationSetup {
  loanPolicyId: string;
  requestPolicyId: string;
  overdueFinePolicyId: string;
  lostItemPolicyId: string;
  noticePolicyId: string;
  fallbackRuleId: string;
}

let counter = 0;

async function insertPolicy(db: Kysely<Database>, table: PolicyTableName, institutionId: string, code: string, name: string, settings: unknown): Promise<string> {
  const id = newId();
  await db
    .insertInto(table)
    .values({ id, institution_id: institutionId, code, name, description: null, settings: JSON.stringify(settings), updated_at: new Date().toISOString(), updated_by: null })
    .execute();
  return id;
}

/**
 * The policies every loan needs and the institution's fallback rule pointing at them: a 21-day
 * loan policy (override any setting), default request, overdue fine, lost item and notice policies.
 */
export async function makeCirculationSetup(db: Kysely<Database>, library: InstitutionFixture, options: CirculationSetupOptions = {}): Promise<CirculationSetup> {
  const institutionId = library.institutionId;
  for (const schedule of options.fixedDueDateSchedules ?? []) {
    await insertPolicy(db, 'fixed_due_date_schedule', institutionId, schedule.code, `Schedule ${schedule.code}`, fixedDueDateScheduleSettingsSchema.parse({ entries: schedule.entries }));
  }
  const loanSettings = loanPolicySettingsSchema.parse({ loanable: true, loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } }, ...options.loanPolicy });
  const loanPolicyId = await insertPolicy(db, 'loan_policy', institutionId, 'standard-loan', 'Standard loan', loanSettings);
  const requestPolicyId = await insertPolicy(db, 'request_policy', institutionId, 'standard-requests', 'Standard requests', requestPolicySettingsSchema.parse(options.requestPolicy ?? {}));
  const overdueFinePolicyId = await insertPolicy(db, 'overdue_fine_policy', institutionId, 'standard-fines', 'Standard overdue fines', overdueFinePolicySettingsSchema.parse(options.overdueFinePolicy ?? {}));
  const lostItemPolicyId = await insertPolicy(db, 'lost_item_policy', institutionId, 'standard-lost', 'Standard lost items', lostItemPolicySettingsSchema.parse(options.lostItemPolicy ?? {}));
  const noticePolicyId = await insertPolicy(db, 'notice_policy', institutionId, 'standard-notices', 'Standard notices', noticePolicySettingsSchema.parse(options.noticePolicy ?? {}));
  const fallbackRuleId = newId();
  await db
    .insertInto('circulation_rule')
    .values({
      id: fallbackRuleId,
      institution_id: institutionId,
      name: 'Fallback',
      patron_group_id: null,
      material_type_id: null,
      loan_type_id: null,
      campus_id: null,
      library_id: null,
      location_id: null,
      loan_policy_id: loanPolicyId,
      request_policy_id: requestPolicyId,
      overdue_fine_policy_id: overdueFinePolicyId,
      lost_item_policy_id: lostItemPolicyId,
      notice_policy_id: noticePolicyId,
      is_fallback: true,
      updated_at: new Date().toISOString(),
      updated_by: null,
    })
    .execute();
  if (options.limits) await makeLimits(db, library, options.limits);
  return { loanPolicyId, requestPolicyId, overdueFinePolicyId, lostItemPolicyId, noticePolicyId, fallbackRuleId };
}

/** Patron group limits (automated blocks), replacing any the groups had. */
export async function makeLimits(db: Kysely<Database>, library: InstitutionFixture, limits: LimitsSpec): Promise<void> {
  const groupCodes = limits.patronGroupCodes ?? Object.keys(library.patronGroups);
  const perMaterialType: Record<string, number> = {};
  for (const [code, max] of Object.entries(limits.maxLoansPerMaterialType ?? {})) {
    const materialTypeId = library.materialTypes[code];
    if (!materialTypeId) throw new Error(`unknown material type ${code}`);
    perMaterialType[materialTypeId] = max;
  }
  for (const code of groupCodes) {
    const patronGroupId = library.patronGroups[code];
    if (!patronGroupId) throw new Error(`unknown patron group ${code}`);
    await db.deleteFrom('patron_group_limit').where('patron_group_id', '=', patronGroupId).execute();
    await db
      .insertInto('patron_group_limit')
      .values({
        id: newId(),
        institution_id: library.institutionId,
        patron_group_id: patronGroupId,
        max_loans: limits.maxLoans ?? null,
        max_loans_per_material_type: JSON.stringify(perMaterialType),
        max_overdue_items: limits.maxOverdueItems ?? null,
        max_overdue_recalls: limits.maxOverdueRecalls ?? null,
        max_lost_items: limits.maxLostItems ?? null,
        max_fee_balance_cents: limits.maxFeeBalanceCents ?? null,
        updated_at: new Date().toISOString(),
        updated_by: null,
      })
      .execute();
  }
}

export interface RuleSpec {
  name?: string;
  patronGroupId?: string | null;
  materialTypeId?: string | null;
  loanTypeId?: string | null;
  locationId?: string | null;
  libraryId?: string | null;
  campusId?: string | null;
  /** a new loan policy for this rule (merged over 21 days rolling); omit to reuse the fallback's */
  loanPolicySettings?: Partial<LoanPolicyInput>;
}

/**
 * A circulation rule using the fallback rule's policies except, when given, its own loan policy.
 * Call makeCirculationSetup first.
 */
export async function makeRule(db: Kysely<Database>, library: InstitutionFixture, spec: RuleSpec): Promise<{ ruleId: string; loanPolicyId: string }> {
  const fallback = await db
    .selectFrom('circulation_rule')
    .selectAll()
    .where('institution_id', '=', library.institutionId)
    .where('is_fallback', '=', true)
    .executeTakeFirstOrThrow();
  counter += 1;
  const name = spec.name ?? `Rule ${counter}`;
  let loanPolicyId = fallback.loan_policy_id;
  if (spec.loanPolicySettings) {
    const settings = loanPolicySettingsSchema.parse({ loanable: true, loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } }, ...spec.loanPolicySettings });
    loanPolicyId = await insertPolicy(db, 'loan_policy', library.institutionId, `loan-${counter}`, `${name} loan`, settings);
  }
  const ruleId = newId();
  await db
    .insertInto('circulation_rule')
    .values({
      id: ruleId,
      institution_id: library.institutionId,
      name,
      patron_group_id: spec.patronGroupId ?? null,
      material_type_id: spec.materialTypeId ?? null,
      loan_type_id: spec.loanTypeId ?? null,
      campus_id: spec.campusId ?? null,
      library_id: spec.libraryId ?? null,
      location_id: spec.locationId ?? null,
      loan_policy_id: loanPolicyId,
      request_policy_id: fallback.request_policy_id,
      overdue_fine_policy_id: fallback.overdue_fine_policy_id,
      lost_item_policy_id: fallback.lost_item_policy_id,
      notice_policy_id: fallback.notice_policy_id,
      is_fallback: false,
      updated_at: new Date().toISOString(),
      updated_by: null,
    })
    .execute();
  return { ruleId, loanPolicyId };
}

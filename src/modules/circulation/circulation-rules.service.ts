import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { systemClock, type Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { InstitutionCache } from '../../platform/institution-cache.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { deleteRule, fallbackRuleName, insertRule, ruleNameIsTaken, updateRule, type RuleColumns } from './circulation-rule-writes.queries.ts';
import { idOfReference, loanFactsOf, ruleViews, rulesWithPolicies, type PolicyColumns, type ReferenceTable, type RuleView } from './circulation-rules.queries.ts';
import {
  loanPolicySettingsSchema,
  lostItemPolicySettingsSchema,
  noticePolicySettingsSchema,
  overdueFinePolicySettingsSchema,
  requestPolicySettingsSchema,
  type LoanPolicySettings,
  type LostItemPolicySettings,
  type NoticePolicySettings,
  type OverdueFinePolicySettings,
  type RequestPolicySettings,
} from '../policies/index.ts';
import { chooseRule, compareRules, describeSpecificity, type LoanFactLabels, type LoanFacts, type MatchableRule } from './rule-match.policy.ts';

/** What a loan is matched on. The location's library and campus are looked up from it. */
export interface RuleCriteria {
  institutionId: string;
  patronGroupId: string;
  materialTypeId: string;
  loanTypeId: string;
  locationId: string;
}

export interface StoredPolicy<Settings> {
  id: string;
  code: string;
  name: string;
  settings: Settings;
}

export interface AppliedPolicies {
  rule: { id: string; name: string; isFallback: boolean };
  loanPolicy: StoredPolicy<LoanPolicySettings>;
  requestPolicy: StoredPolicy<RequestPolicySettings>;
  overdueFinePolicy: StoredPolicy<OverdueFinePolicySettings>;
  lostItemPolicy: StoredPolicy<LostItemPolicySettings>;
  noticePolicy: StoredPolicy<NoticePolicySettings>;
  /** Why this rule: which criteria matched, which rules were more general or lost the tie-break. */
  explanation: string[];
}

function storedPolicy<Settings>(columns: PolicyColumns, schema: { parse(value: unknown): Settings }): StoredPolicy<Settings> {
  return { id: columns.id, code: columns.code, name: columns.name, settings: schema.parse(JSON.parse(columns.settings)) };
}

interface ParsedRule extends MatchableRule {
  policies: Omit<AppliedPolicies, 'rule' | 'explanation'>;
}

/**
 * Every check-out and renewal matches against all of the institution's rules, which change rarely:
 * the rules with their parsed policies are kept per institution (see InstitutionCache for how long).
 * Policy and rule writes in this process forget them on commit. Shared, so never mutate what it returns.
 * Shared by every node in the process and timed on the system clock, as the calendar cache is (org/calendar.cache.ts).
 */
const rulesCache = new InstitutionCache<ParsedRule[]>(systemClock);

/** Call after committing a change to an institution's circulation rules or policies. */
export function forgetCirculationRules(institutionId: string): void {
  rulesCache.invalidate(institutionId);
}

/** Forget the cached rules once the change has committed, or failed (a failed write may still have run a load). */
export async function afterRulesChange<T>(actor: Actor, change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    forgetCirculationRules(actor.institutionId);
  }
}

function parsedRulesOf(db: Kysely<Database>, institutionId: string): Promise<ParsedRule[]> {
  return rulesCache.get(institutionId, 'rules', async () =>
    (await rulesWithPolicies(db, institutionId)).map((rule) => ({
      id: rule.id,
      name: rule.name,
      isFallback: rule.isFallback,
      patronGroupId: rule.patronGroupId,
      materialTypeId: rule.materialTypeId,
      loanTypeId: rule.loanTypeId,
      locationId: rule.locationId,
      libraryId: rule.libraryId,
      campusId: rule.campusId,
      policies: {
        loanPolicy: storedPolicy(rule.loanPolicy, loanPolicySettingsSchema),
        requestPolicy: storedPolicy(rule.requestPolicy, requestPolicySettingsSchema),
        overdueFinePolicy: storedPolicy(rule.overdueFinePolicy, overdueFinePolicySettingsSchema),
        lostItemPolicy: storedPolicy(rule.lostItemPolicy, lostItemPolicySettingsSchema),
        noticePolicy: storedPolicy(rule.noticePolicy, noticePolicySettingsSchema),
      },
    })),
  );
}

/** A loan's facts and their labels when the caller has already read them (check-out joins them onto the item and patron). */
export interface KnownLoanFacts {
  facts: LoanFacts;
  labels: LoanFactLabels;
}

/**
 * The rule and policies that govern a loan with these criteria (see rule-match.policy.ts for the
 * order): at most one query for the location's library and campus, none when `known` gives them.
 */
export async function resolveCirculationRule(db: Kysely<Database>, criteria: RuleCriteria, known?: KnownLoanFacts): Promise<AppliedPolicies> {
  const { facts, labels } = known ?? (await loanFactsOf(db, criteria.institutionId, criteria));
  const rules = await parsedRulesOf(db, criteria.institutionId);
  const choice = chooseRule(rules, facts, labels);
  if (!choice) throw new DomainError('FALLBACK_RULE_REQUIRED', 'No circulation rule matches and this institution has no fallback rule; add one in the circulation settings.');
  const { rule } = choice;
  return { rule: { id: rule.id, name: rule.name, isFallback: rule.isFallback }, ...rule.policies, explanation: choice.explanation };
}

/** Rules most specific first (the fallback last), each with its specificity in words. */
export async function listCirculationRules(db: Kysely<Database>, institutionId: string): Promise<(RuleView & { specificity: string })[]> {
  const views = await ruleViews(db, institutionId);
  return views.sort(compareRules).map((view) => ({ ...view, specificity: describeSpecificity(view) }));
}

/** Criteria and policies are named by id or code; null criteria match anything. */
export interface RuleInput {
  name: string;
  isFallback?: boolean | undefined;
  patronGroup?: string | null | undefined;
  materialType?: string | null | undefined;
  loanType?: string | null | undefined;
  location?: string | null | undefined;
  library?: string | null | undefined;
  campus?: string | null | undefined;
  loanPolicy: string;
  requestPolicy: string;
  overdueFinePolicy: string;
  lostItemPolicy: string;
  noticePolicy: string;
}

const referenceFields = {
  patronGroup: { table: 'patron_group', column: 'patron_group_id', label: 'patron group' },
  materialType: { table: 'material_type', column: 'material_type_id', label: 'material type' },
  loanType: { table: 'loan_type', column: 'loan_type_id', label: 'loan type' },
  location: { table: 'location', column: 'location_id', label: 'shelving location' },
  library: { table: 'library', column: 'library_id', label: 'library' },
  campus: { table: 'campus', column: 'campus_id', label: 'campus' },
  loanPolicy: { table: 'loan_policy', column: 'loan_policy_id', label: 'loan policy' },
  requestPolicy: { table: 'request_policy', column: 'request_policy_id', label: 'request policy' },
  overdueFinePolicy: { table: 'overdue_fine_policy', column: 'overdue_fine_policy_id', label: 'overdue fine policy' },
  lostItemPolicy: { table: 'lost_item_policy', column: 'lost_item_policy_id', label: 'lost item policy' },
  noticePolicy: { table: 'notice_policy', column: 'notice_policy_id', label: 'notice policy' },
} as const satisfies Record<string, { table: ReferenceTable; column: string; label: string }>;
type ReferenceField = keyof typeof referenceFields;
const criteriaFields = ['patronGroup', 'materialType', 'loanType', 'location', 'library', 'campus'] as const;

async function ruleColumnsOf(trx: Kysely<Database>, institutionId: string, input: RuleInput): Promise<RuleColumns> {
  const named = [input.location, input.library, input.campus].filter((scope) => scope != null);
  if (named.length > 1) {
    throw new DomainError('VALIDATION_FAILED', 'A rule names at most one of shelving location, library or campus.', { field: 'location' });
  }
  if (input.isFallback && criteriaFields.some((field) => input[field] != null)) {
    throw new DomainError('VALIDATION_FAILED', 'The fallback rule matches every loan, so it cannot name a patron group, type or location.', {
      field: criteriaFields.find((field) => input[field] != null),
    });
  }
  if (!input.isFallback && criteriaFields.every((field) => input[field] == null)) {
    throw new DomainError('VALIDATION_FAILED', 'A rule with no criteria would match every loan; change the fallback rule instead, or name a patron group, type or location.', { field: 'patronGroup' });
  }
  const columns: Record<string, string | null> = {};
  for (const [field, { table, column, label }] of Object.entries(referenceFields) as [ReferenceField, (typeof referenceFields)[ReferenceField]][]) {
    const reference = input[field];
    if (reference == null) {
      columns[column] = null;
      continue;
    }
    const id = await idOfReference(trx, table, institutionId, reference);
    if (!id) throw new DomainError('VALIDATION_FAILED', `There is no ${label} '${reference}'.`, { field, value: reference });
    columns[column] = id;
  }
  // every policy is required by RuleInput, so only criteria can be null here
  return columns as unknown as RuleColumns;
}

async function refuseDuplicateName(trx: Kysely<Database>, institutionId: string, name: string, exceptId: string | null): Promise<void> {
  if (await ruleNameIsTaken(trx, institutionId, name, exceptId)) throw new DomainError('CONFLICT', `There is already a circulation rule named '${name}'.`, { field: 'name', name });
}

async function ruleViewOrThrow(trx: Kysely<Database>, institutionId: string, ruleId: string): Promise<RuleView> {
  const [view] = await ruleViews(trx, institutionId, ruleId);
  if (!view) throw new DomainError('RULE_NOT_FOUND', 'There is no such circulation rule.', { ruleId });
  return view;
}

export async function createCirculationRule(db: Kysely<Database>, clock: Clock, actor: Actor, input: RuleInput): Promise<RuleView> {
  return afterRulesChange(actor, db.transaction().execute(async (trx) => {
    const columns = await ruleColumnsOf(trx, actor.institutionId, input);
    await refuseDuplicateName(trx, actor.institutionId, input.name, null);
    if (input.isFallback) {
      const existing = await fallbackRuleName(trx, actor.institutionId);
      if (existing) throw new DomainError('CONFLICT', `'${existing}' is already the fallback rule; edit it instead.`, { field: 'isFallback' });
    }
    const id = await insertRule(trx, actor.institutionId, { name: input.name, columns, isFallback: Boolean(input.isFallback), updatedAt: clock.now().toISOString(), updatedBy: actor.name });
    const view = await ruleViewOrThrow(trx, actor.institutionId, id);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'circulation-rule.create', entityType: 'circulation_rule', entityId: id, after: auditedRule(view) });
    return view;
  }));
}

export async function updateCirculationRule(db: Kysely<Database>, clock: Clock, actor: Actor, ruleId: string, changes: Partial<RuleInput>): Promise<RuleView> {
  return afterRulesChange(actor, db.transaction().execute(async (trx) => {
    const before = await ruleViewOrThrow(trx, actor.institutionId, ruleId);
    if (before.isFallback && changes.isFallback === false) {
      throw new DomainError('FALLBACK_RULE_REQUIRED', 'Every institution needs its fallback rule; make another rule the fallback by editing this one instead.');
    }
    if (!before.isFallback && changes.isFallback) throw new DomainError('CONFLICT', 'Only the existing fallback rule can be the fallback.', { field: 'isFallback' });
    const merged: RuleInput = {
      name: before.name,
      isFallback: before.isFallback,
      patronGroup: before.patronGroupId,
      materialType: before.materialTypeId,
      loanType: before.loanTypeId,
      location: before.locationId,
      library: before.libraryId,
      campus: before.campusId,
      loanPolicy: before.policies.loanPolicy.id,
      requestPolicy: before.policies.requestPolicy.id,
      overdueFinePolicy: before.policies.overdueFinePolicy.id,
      lostItemPolicy: before.policies.lostItemPolicy.id,
      noticePolicy: before.policies.noticePolicy.id,
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    };
    const columns = await ruleColumnsOf(trx, actor.institutionId, merged);
    await refuseDuplicateName(trx, actor.institutionId, merged.name, ruleId);
    await updateRule(trx, actor.institutionId, ruleId, { name: merged.name, columns, updatedAt: clock.now().toISOString(), updatedBy: actor.name });
    const after = await ruleViewOrThrow(trx, actor.institutionId, ruleId);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'circulation-rule.update', entityType: 'circulation_rule', entityId: ruleId, before: auditedRule(before), after: auditedRule(after) });
    return after;
  }));
}

export async function deleteCirculationRule(db: Kysely<Database>, clock: Clock, actor: Actor, ruleId: string): Promise<void> {
  await afterRulesChange(actor, db.transaction().execute(async (trx) => {
    const before = await ruleViewOrThrow(trx, actor.institutionId, ruleId);
    if (before.isFallback) throw new DomainError('FALLBACK_RULE_REQUIRED', 'The fallback rule cannot be deleted: every loan must match some rule. Edit its policies instead.', { ruleId });
    await deleteRule(trx, actor.institutionId, ruleId);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'circulation-rule.delete', entityType: 'circulation_rule', entityId: ruleId, before: auditedRule(before) });
  }));
}

/** What the audit log keeps of a rule: readable codes, not only ids. */
function auditedRule(view: RuleView) {
  const codeOf = (named: { code: string } | null) => named?.code ?? null;
  return {
    name: view.name,
    isFallback: view.isFallback,
    patronGroup: codeOf(view.criteria.patronGroup),
    materialType: codeOf(view.criteria.materialType),
    loanType: codeOf(view.criteria.loanType),
    location: codeOf(view.criteria.location),
    library: codeOf(view.criteria.library),
    campus: codeOf(view.criteria.campus),
    loanPolicy: view.policies.loanPolicy.code,
    requestPolicy: view.policies.requestPolicy.code,
    overdueFinePolicy: view.policies.overdueFinePolicy.code,
    lostItemPolicy: view.policies.lostItemPolicy.code,
    noticePolicy: view.policies.noticePolicy.code,
  };
}

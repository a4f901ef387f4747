import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { idOfReference } from './circulation-rules.queries.ts';
import { afterRulesChange } from './circulation-rules.service.ts';
import {
  deletePolicyRow,
  insertPolicy,
  listPolicyRecords,
  loanPoliciesUsingSchedule,
  loansUsingPolicy,
  policyCodeIsTaken,
  policyTableOf,
  rulesUsingPolicy,
  updatePolicyRow,
  type PolicyRecord,
} from './policies.queries.ts';
import { loanPolicySettingsSchema, policyKinds, type PolicyKind } from '../policies/index.ts';

export interface PolicyInput {
  code: string;
  name: string;
  description?: string | null | undefined;
  settings: unknown;
}

const kindLabels: Record<PolicyKind, string> = {
  'loan-policy': 'loan policy',
  'request-policy': 'request policy',
  'overdue-fine-policy': 'overdue fine policy',
  'lost-item-policy': 'lost item policy',
  'notice-policy': 'notice policy',
  'fixed-due-date-schedule': 'fixed due date schedule',
};

/** The settings with their defaults filled in, or VALIDATION_FAILED naming each bad field. */
async function validSettings(trx: Kysely<Database>, institutionId: string, kind: PolicyKind, settings: unknown): Promise<unknown> {
  const result = policyKinds[kind].settings.safeParse(settings ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({ field: ['settings', ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new DomainError('VALIDATION_FAILED', `Some settings are not valid: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`, problems);
  }
  if (kind === 'loan-policy') {
    const loanPeriod = loanPolicySettingsSchema.parse(result.data).loanPeriod;
    if (loanPeriod?.kind === 'fixed' && !(await idOfReference(trx, 'fixed_due_date_schedule', institutionId, loanPeriod.scheduleCode))) {
      const field = 'settings.loanPeriod.scheduleCode';
      throw new DomainError('VALIDATION_FAILED', `${field}: there is no fixed due date schedule '${loanPeriod.scheduleCode}'.`, [{ field, message: `there is no fixed due date schedule '${loanPeriod.scheduleCode}'` }]);
    }
  }
  return result.data;
}

export async function listPolicies(db: Kysely<Database>, institutionId: string, kind: PolicyKind): Promise<PolicyRecord[]> {
  return listPolicyRecords(db, institutionId, kind);
}

/** One policy, named by id or code. */
export async function getPolicy(db: Kysely<Database>, institutionId: string, kind: PolicyKind, reference: string): Promise<PolicyRecord> {
  const id = await idOfReference(db, policyTableOf(kind), institutionId, reference);
  const [record] = id ? await listPolicyRecords(db, institutionId, kind, id) : [];
  if (!record) throw new DomainError('POLICY_NOT_FOUND', `There is no ${kindLabels[kind]} '${reference}'.`, { kind, policy: reference });
  return record;
}

async function refuseTakenCode(trx: Kysely<Database>, institutionId: string, kind: PolicyKind, code: string, exceptId: string | null): Promise<void> {
  if (await policyCodeIsTaken(trx, institutionId, kind, code, exceptId)) {
    throw new DomainError('DUPLICATE_CODE', `There is already a ${kindLabels[kind]} with code ${code}.`, { field: 'code', code });
  }
}

export async function createPolicy(db: Kysely<Database>, clock: Clock, actor: Actor, kind: PolicyKind, input: PolicyInput): Promise<PolicyRecord> {
  return afterRulesChange(actor, db.transaction().execute(async (trx) => {
    const settings = await validSettings(trx, actor.institutionId, kind, input.settings);
    await refuseTakenCode(trx, actor.institutionId, kind, input.code, null);
    const id = await insertPolicy(trx, actor.institutionId, kind, {
      code: input.code,
      name: input.name,
      description: input.description ?? null,
      settings: JSON.stringify(settings),
      updated_at: clock.now().toISOString(),
      updated_by: actor.name,
    });
    const [created] = await listPolicyRecords(trx, actor.institutionId, kind, id);
    await recordAuditEvent(trx, actor, clock.now(), { action: `${kind}.create`, entityType: policyKinds[kind].table, entityId: id, after: created });
    return created as PolicyRecord;
  }));
}

export async function updatePolicy(db: Kysely<Database>, clock: Clock, actor: Actor, kind: PolicyKind, reference: string, changes: Partial<PolicyInput>): Promise<PolicyRecord> {
  return afterRulesChange(actor, db.transaction().execute(async (trx) => {
    const before = await getPolicy(trx, actor.institutionId, kind, reference);
    const settings = changes.settings === undefined ? before.settings : await validSettings(trx, actor.institutionId, kind, changes.settings);
    const code = changes.code ?? before.code;
    if (code !== before.code) {
      await refuseTakenCode(trx, actor.institutionId, kind, code, before.id);
      if (kind === 'fixed-due-date-schedule') await refuseScheduleInUse(trx, actor.institutionId, before.code, 'renamed');
    }
    await updatePolicyRow(trx, actor.institutionId, kind, before.id, {
      code,
      name: changes.name ?? before.name,
      description: changes.description === undefined ? before.description : changes.description,
      settings: JSON.stringify(settings),
      updated_at: clock.now().toISOString(),
      updated_by: actor.name,
    });
    const [after] = await listPolicyRecords(trx, actor.institutionId, kind, before.id);
    await recordAuditEvent(trx, actor, clock.now(), { action: `${kind}.update`, entityType: policyKinds[kind].table, entityId: before.id, before, after });
    return after as PolicyRecord;
  }));
}

async function refuseScheduleInUse(trx: Kysely<Database>, institutionId: string, scheduleCode: string, change: 'renamed' | 'deleted'): Promise<void> {
  const loanPolicies = await loanPoliciesUsingSchedule(trx, institutionId, scheduleCode);
  if (loanPolicies.length > 0) {
    throw new DomainError('POLICY_IN_USE', `The schedule ${scheduleCode} cannot be ${change}: loan policies ${loanPolicies.join(', ')} use it.`, { loanPolicies });
  }
}

/** A policy no rule, loan or loan policy uses may be deleted; otherwise POLICY_IN_USE says who uses it. */
export async function deletePolicy(db: Kysely<Database>, clock: Clock, actor: Actor, kind: PolicyKind, reference: string): Promise<void> {
  await afterRulesChange(actor, db.transaction().execute(async (trx) => {
    const before = await getPolicy(trx, actor.institutionId, kind, reference);
    if (kind === 'fixed-due-date-schedule') await refuseScheduleInUse(trx, actor.institutionId, before.code, 'deleted');
    const rules = await rulesUsingPolicy(trx, actor.institutionId, kind, before.id);
    if (rules.length > 0) {
      throw new DomainError('POLICY_IN_USE', `The ${kindLabels[kind]} ${before.code} is used by circulation rules: ${rules.map((rule) => `'${rule}'`).join(', ')}.`, { rules });
    }
    const loans = await loansUsingPolicy(trx, actor.institutionId, kind, before.id);
    if (loans > 0) {
      throw new DomainError('POLICY_IN_USE', `The ${kindLabels[kind]} ${before.code} governs ${loans} loan${loans === 1 ? '' : 's'}, so it is kept for their history.`, { loans });
    }
    await deletePolicyRow(trx, actor.institutionId, kind, before.id);
    await recordAuditEvent(trx, actor, clock.now(), { action: `${kind}.delete`, entityType: policyKinds[kind].table, entityId: before.id, before });
  }));
}

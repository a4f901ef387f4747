import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { defaultWaiveLimitCents } from './fee.policy.ts';
import { feeSettingsOf, saveFeeSettings, saveRoleWaiveLimit } from './fee.queries.ts';

export interface FeeSettingsView {
  allowCredit: boolean;
  defaultWaiveLimitCents: number;
  roleWaiveLimits: Array<{ roleId: string; roleCode: string; maxWaiveCents: number }>;
}

export async function readFeeSettings(trx: Kysely<Database>, institutionId: string): Promise<FeeSettingsView> {
  const limits = await trx
    .selectFrom('role_fee_limit')
    .innerJoin('staff_role', 'staff_role.id', 'role_fee_limit.role_id')
    .select(['staff_role.id as roleId', 'staff_role.code as roleCode', 'role_fee_limit.max_waive_cents as maxWaiveCents'])
    .where('staff_role.institution_id', '=', institutionId)
    .orderBy('staff_role.code')
    .execute();
  return {
    allowCredit: (await feeSettingsOf(trx, institutionId)).allowCredit,
    defaultWaiveLimitCents,
    roleWaiveLimits: limits.map((limit) => ({ ...limit, maxWaiveCents: Number(limit.maxWaiveCents) })),
  };
}

export interface FeeSettingsChange {
  allowCredit?: boolean | undefined;
  roleWaiveLimits?: Array<{ roleCode: string; maxWaiveCents: number }> | undefined;
}

/** Whether overpayments become credit, and how much each role may waive at a time. */
export async function updateFeeSettings(db: Kysely<Database>, clock: Clock, actor: Actor, change: FeeSettingsChange): Promise<FeeSettingsView> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const before = await readFeeSettings(trx, actor.institutionId);
    if (change.allowCredit !== undefined) await saveFeeSettings(trx, actor.institutionId, { allowCredit: change.allowCredit }, now.toISOString(), actor.id);
    for (const limit of change.roleWaiveLimits ?? []) {
      const role = await trx.selectFrom('staff_role').select('id').where('institution_id', '=', actor.institutionId).where('code', '=', limit.roleCode).executeTakeFirst();
      if (!role) throw new DomainError('ROLE_NOT_FOUND', `There is no role ${limit.roleCode}.`, { roleCode: limit.roleCode });
      await saveRoleWaiveLimit(trx, actor.institutionId, role.id, limit.maxWaiveCents, now.toISOString(), actor.id);
    }
    const after = await readFeeSettings(trx, actor.institutionId);
    await recordAuditEvent(trx, actor, now, { action: 'fee-settings.update', entityType: 'fee_settings', entityId: actor.institutionId, before, after });
    return after;
  });
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { defaultWaiveLimitCents } from './fee.policy.ts';
import { feeSettingsOf, findRoleIdByCode, roleWaiveLimits, saveFeeSettings, saveRoleWaiveLimit } from './fee.queries.ts';

export interface FeeSettingsView {
  allowCredit: boolean;
  defaultWaiveLimitCents: number;
  roleWaiveLimits: Array<{ roleId: string; roleCode: string; maxWaiveCents: number }>;
}

export async function readFeeSettings(trx: Kysely<Database>, institutionId: string): Promise<FeeSettingsView> {
  const roleLimits = await roleWaiveLimits(trx, institutionId);
  return { allowCredit: (await feeSettingsOf(trx, institutionId)).allowCredit, defaultWaiveLimitCents, roleWaiveLimits: roleLimits };
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
      const roleId = await findRoleIdByCode(trx, actor.institutionId, limit.roleCode);
      if (!roleId) throw new DomainError('ROLE_NOT_FOUND', `There is no role ${limit.roleCode}.`, { roleCode: limit.roleCode });
      await saveRoleWaiveLimit(trx, actor.institutionId, roleId, limit.maxWaiveCents, now.toISOString(), actor.id);
    }
    const after = await readFeeSettings(trx, actor.institutionId);
    await recordAuditEvent(trx, actor, now, { action: 'fee-settings.update', entityType: 'fee_settings', entityId: actor.institutionId, before, after });
    return after;
  });
}

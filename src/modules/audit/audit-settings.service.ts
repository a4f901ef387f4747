import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAuditEvent, type Actor } from './audit.queries.ts';
import { defaultAuditRetentionDays } from './audit-retention.policy.ts';

export interface AuditSettingsView {
  /** Days an audit event is kept; null: for ever. */
  retentionDays: number | null;
  defaultRetentionDays: number;
}

/** The institution's audit settings; the default retention until an administrator changes it. */
export async function readAuditSettings(db: Kysely<Database>, institutionId: string): Promise<AuditSettingsView> {
  const row = await db.selectFrom('audit_settings').select('retention_days').where('institution_id', '=', institutionId).executeTakeFirst();
  const retentionDays = row ? (row.retention_days === null ? null : Number(row.retention_days)) : defaultAuditRetentionDays;
  return { retentionDays, defaultRetentionDays: defaultAuditRetentionDays };
}

/** Change how long audit events are kept (0 or null: for ever); the change itself is audited. */
export async function updateAuditSettings(db: Kysely<Database>, clock: Clock, actor: Actor, change: { retentionDays: number | null }): Promise<AuditSettingsView> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const before = await readAuditSettings(trx, actor.institutionId);
    const retentionDays = change.retentionDays === 0 ? null : change.retentionDays;
    await trx
      .insertInto('audit_settings')
      .values({ institution_id: actor.institutionId, retention_days: retentionDays, updated_at: now.toISOString(), updated_by: actor.id })
      .onConflict((conflict) => conflict.column('institution_id').doUpdateSet({ retention_days: retentionDays, updated_at: now.toISOString(), updated_by: actor.id }))
      .execute();
    const after = { ...before, retentionDays };
    await recordAuditEvent(trx, actor, now, {
      action: 'audit-settings.update',
      entityType: 'audit_settings',
      entityId: actor.institutionId,
      before: { retentionDays: before.retentionDays },
      after: { retentionDays },
    });
    return after;
  });
}

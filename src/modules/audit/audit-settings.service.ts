import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { findAuditSettingsRow, recordAuditEvent, saveAuditSettings, type Actor } from './audit.queries.ts';
import { defaultAuditRetentionDays } from './audit-retention.policy.ts';

export interface AuditSettingsView {
  /** Days an audit event is kept; null: for ever. */
  retentionDays: number | null;
  defaultRetentionDays: number;
}

/** The institution's audit settings; the default retention until an administrator changes it. */
export async function readAuditSettings(db: Kysely<Database>, institutionId: string): Promise<AuditSettingsView> {
  const stored = await findAuditSettingsRow(db, institutionId);
  const retentionDays = stored ? stored.retentionDays : defaultAuditRetentionDays;
  return { retentionDays, defaultRetentionDays: defaultAuditRetentionDays };
}

/** Change how long audit events are kept (0 or null: for ever); the change itself is audited. */
export async function updateAuditSettings(db: Kysely<Database>, clock: Clock, actor: Actor, change: { retentionDays: number | null }): Promise<AuditSettingsView> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const before = await readAuditSettings(trx, actor.institutionId);
    const retentionDays = change.retentionDays === 0 ? null : change.retentionDays;
    await saveAuditSettings(trx, actor.institutionId, retentionDays, now, actor.id);
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

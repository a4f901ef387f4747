import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent } from './audit.queries.ts';
import { deleteAuditEventsBefore } from './audit-retention.queries.ts';
import { auditRetentionCutoff } from './audit-retention.policy.ts';
import { readAuditSettings } from './audit-settings.service.ts';

export interface AuditRetentionOutcome {
  deleted: number;
  /** Events before this instant were deleted; null when the institution keeps them for ever. */
  cutoff: string | null;
}

/** Deleted a few thousand at a time, so a first run over years of events holds no long lock. */
const eventsPerStatement = 2000;

/**
 * Audit retention (the daily job 'audit-retention' runs it once per local day): deletes the institution's audit
 * events older than its retention period; running it again deletes nothing more. Fee
 * events go too: the fee ledger (fee, fee_action) keeps its own who, when, why and amount for ever
 * and does not read the audit log. The deletion itself is recorded as one audit event.
 */
export async function deleteAuditEventsPastRetention(db: Kysely<Database>, now: Date, institutionId: string): Promise<AuditRetentionOutcome> {
  const { retentionDays } = await readAuditSettings(db, institutionId);
  const cutoff = auditRetentionCutoff(now, retentionDays);
  let deleted = 0;
  if (cutoff) {
    for (;;) {
      const removed = await deleteAuditEventsBefore(db, institutionId, cutoff.toISOString(), eventsPerStatement);
      if (removed.found === 0) break;
      deleted += removed.deleted;
    }
    if (deleted > 0) {
      await recordAuditEvent(db, { kind: 'system', id: null, name: 'audit retention job', institutionId }, now, {
        action: 'audit.retention',
        entityType: 'audit_settings',
        entityId: institutionId,
        after: { deleted, olderThan: cutoff.toISOString(), retentionDays },
      });
    }
  }
  return { deleted, cutoff: cutoff?.toISOString() ?? null };
}

import { z } from 'zod';
import type { ActorKind } from '../../db/schema.ts';
import { listReplySchema } from '../../platform/pagination.ts';

/** Reply shapes of the audit routes. */

const actorKinds = ['staff', 'patron', 'system', 'sip', 'partner'] as const satisfies readonly ActorKind[];

export const auditEventReply = z
  .object({
    id: z.string(),
    occurredAt: z.string().describe('ISO 8601 instant'),
    actor: z.object({ kind: z.enum(actorKinds), id: z.string().nullable(), name: z.string().nullable() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    // What the change recorded before and after, as it was written (any JSON value).
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const auditEventsReply = listReplySchema(auditEventReply);

export const auditSettingsReply = z
  .object({
    retentionDays: z.number().int().nullable().describe('days an audit event is kept; null: for ever'),
    defaultRetentionDays: z.number().int(),
  })
  .meta({ id: 'AuditSettings' });

import type { Insertable, Kysely } from 'kysely';
import type { ActorKind, AuditEventTable, Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

/** Who did something: a staff member, a patron, a kiosk, a partner library or the system itself. */
export interface Actor {
  kind: ActorKind;
  id: string | null;
  name: string;
  institutionId: string;
  requestId?: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

function auditRow(actor: Actor, at: Date, entry: AuditEntry): Insertable<AuditEventTable> {
  return {
    id: newId(),
    institution_id: actor.institutionId,
    occurred_at: at.toISOString(),
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_name: actor.name,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    reason: entry.reason ?? null,
    request_id: actor.requestId ?? null,
  };
}

/** Record one audit event inside the caller's transaction, so it commits or rolls back with the change. */
export async function recordAuditEvent(trx: Kysely<Database>, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_event').values(auditRow(actor, at, entry)).execute();
}

/** Many events at once (bulk imports), in statements small enough for either database's parameter limit. */
export async function recordAuditEvents(trx: Kysely<Database>, actor: Actor, at: Date, entries: AuditEntry[]): Promise<void> {
  const rowsPerStatement = 500;
  for (let start = 0; start < entries.length; start += rowsPerStatement) {
    const rows = entries.slice(start, start + rowsPerStatement).map((entry) => auditRow(actor, at, entry));
    await trx.insertInto('audit_event').values(rows).execute();
  }
}

export interface AuditFilter {
  institutionId: string;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  limit: number;
  offset: number;
}

export async function listAuditEvents(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_event').where('institution_id', '=', filter.institutionId);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('action', '=', filter.action);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('occurred_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.total),
    items: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: row.before === null ? null : JSON.parse(row.before),
      after: row.after === null ? null : JSON.parse(row.after),
      reason: row.reason,
      requestId: row.request_id,
    })),
  };
}

/** The institution's stored retention (null days: for ever), or undefined when never set. */
export async function findAuditSettingsRow(db: Kysely<Database>, institutionId: string): Promise<{ retentionDays: number | null } | undefined> {
  const row = await db.selectFrom('audit_settings').select('retention_days').where('institution_id', '=', institutionId).executeTakeFirst();
  return row && { retentionDays: row.retention_days === null ? null : Number(row.retention_days) };
}

export async function saveAuditSettings(db: Kysely<Database>, institutionId: string, retentionDays: number | null, updatedAt: Date, updatedBy: string | null): Promise<void> {
  const values = { retention_days: retentionDays, updated_at: updatedAt.toISOString(), updated_by: updatedBy };
  await db
    .insertInto('audit_settings')
    .values({ institution_id: institutionId, ...values })
    .onConflict((conflict) => conflict.column('institution_id').doUpdateSet(values))
    .execute();
}

/** The first audit event of this action on one record (e.g. who checked a loan out, and what they overrode). */
export async function findAuditEventOf(db: Kysely<Database>, institutionId: string, entityType: string, entityId: string, action: string) {
  return db
    .selectFrom('audit_event')
    .select(['actor_kind', 'actor_id', 'after'])
    .where('institution_id', '=', institutionId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('action', '=', action)
    .executeTakeFirst();
}

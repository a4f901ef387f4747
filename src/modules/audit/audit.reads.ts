import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { listAuditEvents, type AuditFilter } from './audit.queries.ts';

/** One page of the institution's audit log, newest first, narrowed by entity, actor or action. */
export async function auditEventsPage(db: Kysely<Database>, filter: AuditFilter) {
  return listAuditEvents(db, filter);
}

import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';

/**
 * Patron privacy in the logs, and how long the audit log is kept.
 * - circulation_event(loan_id): ending an anonymous loan strips the patron from that loan's events.
 * - audit_settings: per institution, how many days audit events are kept (null: for ever); no row
 *   means the default (730 days).
 * - Loans that ended anonymously before this release lose the patron from their circulation events
 *   and from the audit events about them (the check-out's patronId, a patron's own portal renewals),
 *   as check-in now does.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.createIndex('circulation_event_loan').on('circulation_event').column('loan_id').execute();
  await db.schema
    .createTable('audit_settings')
    .addColumn('institution_id', 'text', (c) => c.primaryKey().references('institution.id'))
    .addColumn('retention_days', 'integer', (c) => c.check(sql`retention_days is null or retention_days > 0`))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .execute();
  await forgetPatronsOfAnonymousLoans(db);
}

/** What check-in now does at the end of an anonymous loan, done once for the loans that ended before. */
export async function forgetPatronsOfAnonymousLoans(db: Kysely<any>): Promise<void> {
  const anonymousLoans = db.selectFrom('loan').select('id').where('status', '=', 'closed').where('patron_id', 'is', null);
  await db.updateTable('circulation_event').set({ patron_id: null }).where('patron_id', 'is not', null).where('loan_id', 'in', anonymousLoans).execute();

  let after = '';
  for (;;) {
    const rows: { id: string; actor_kind: string; actor_id: string | null; before: string | null; after: string | null }[] = await db
      .selectFrom('audit_event')
      .select(['id', 'actor_kind', 'actor_id', 'before', 'after'])
      .where('entity_type', '=', 'loan')
      .where('entity_id', 'in', anonymousLoans)
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const before = withoutPatron(row.before);
      const afterText = withoutPatron(row.after);
      const byPatron = row.actor_kind === 'patron' && row.actor_id !== null;
      if (before === row.before && afterText === row.after && !byPatron) continue;
      await db
        .updateTable('audit_event')
        .set({ before, after: afterText, ...(byPatron ? { actor_id: null, actor_name: null } : {}) })
        .where('id', '=', row.id)
        .execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

/** The JSON text without its patron keys; the same text when it names no patron. */
function withoutPatron(text: string | null): string | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return text;
  const kept = Object.entries(value).filter(([key]) => !['patronId', 'patronBarcode', 'patronName', 'patron'].includes(key));
  return kept.length === Object.keys(value).length ? text : JSON.stringify(Object.fromEntries(kept));
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_settings').execute();
  await db.schema.dropIndex('circulation_event_loan').execute();
}

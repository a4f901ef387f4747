import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';

/**
 * The due date that names a loan period's overdue fine fee. A loan period has one fine fee, found by
 * its due date; when staff move the due date, the fee keeps its name and is recounted from the new
 * due date, so the old and the new due date never each charge the same days. Null: the due date itself.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('loan').addColumn('fine_period_due_at', t.instant).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('loan').dropColumn('fine_period_due_at').execute();
}

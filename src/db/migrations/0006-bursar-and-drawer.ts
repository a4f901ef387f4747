import { sql, type Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

/**
 * Around the desk: bursar transfer batches (which patron groups, after how many days) and cash
 * drawer counts. A batch's lines are its 'transfer' fee actions (fee_action.batch_id), so the
 * ledger stays the one record of what moved; the batch row keeps what the export needs again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('bursar_rule')
    .addColumn('patron_group_id', 'text', (c) => c.primaryKey().references('patron_group.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('min_age_days', 'integer', (c) => c.notNull().check(sql.raw('min_age_days >= 0')))
    .addColumn('enabled', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('bursar_batch')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['exported', 'reversed'])))
    // The instant the ages were measured from; criteria holds the age per patron group (JSON).
    .addColumn('cutoff_at', t.instant, (c) => c.notNull())
    .addColumn('criteria', t.json, (c) => c.notNull())
    .addColumn('columns', t.json, (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('fee_count', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reversed_at', t.instant)
    .addColumn('reversed_by', 'text')
    .addColumn('reversal_reason', 'text')
    .execute();
  await db.schema.createIndex('bursar_batch_institution').on('bursar_batch').columns(['institution_id', 'created_at']).execute();

  await db.schema
    .createTable('cash_drawer_count')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('service_point_id', 'text', (c) => c.notNull().references('service_point.id'))
    .addColumn('shift_start', t.instant, (c) => c.notNull())
    .addColumn('shift_end', t.instant, (c) => c.notNull())
    .addColumn('counted_cash_cents', 'integer', (c) => c.notNull())
    .addColumn('expected_cash_cents', 'integer', (c) => c.notNull())
    .addColumn('discrepancy_cents', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('counted_by', 'text')
    .addColumn('counted_at', t.instant, (c) => c.notNull())
    .addCheckConstraint('cash_drawer_count_note', sql.raw('discrepancy_cents = 0 or note is not null'))
    .execute();
  await db.schema.createIndex('cash_drawer_count_desk').on('cash_drawer_count').columns(['institution_id', 'service_point_id', 'shift_start']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Restore from a backup to undo the bursar and cash drawer schema.');
}

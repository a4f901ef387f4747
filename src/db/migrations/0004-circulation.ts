import { sql, type Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

/**
 * Circulation: policies, circulation rules, patron group limits, loans, the circulation event
 * outbox (read by the fees and notices modules) and the scheduled job ledger.
 *
 * Policy bodies are JSON validated by the module's zod schemas: they are read whole and change
 * shape as the library's rules grow, while what the database must guarantee (one open loan per
 * item, codes unique per institution, rules pointing at real policies) stays in columns.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  for (const table of ['loan_policy', 'request_policy', 'overdue_fine_policy', 'lost_item_policy', 'notice_policy', 'fixed_due_date_schedule'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('settings', t.json, (c) => c.notNull().defaultTo('{}'))
      .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
      .addColumn('updated_by', 'text')
      .addUniqueConstraint(`${table}_code_unique`, ['institution_id', 'code'])
      .execute();
  }

  // A rule matches when every criterion it names equals the loan's; a null criterion matches
  // anything. The rule with all criteria null is the institution's mandatory fallback.
  await db.schema
    .createTable('circulation_rule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('patron_group_id', 'text', (c) => c.references('patron_group.id'))
    .addColumn('material_type_id', 'text', (c) => c.references('material_type.id'))
    .addColumn('loan_type_id', 'text', (c) => c.references('loan_type.id'))
    .addColumn('campus_id', 'text', (c) => c.references('campus.id'))
    .addColumn('library_id', 'text', (c) => c.references('library.id'))
    .addColumn('location_id', 'text', (c) => c.references('location.id'))
    .addColumn('loan_policy_id', 'text', (c) => c.notNull().references('loan_policy.id'))
    .addColumn('request_policy_id', 'text', (c) => c.notNull().references('request_policy.id'))
    .addColumn('overdue_fine_policy_id', 'text', (c) => c.notNull().references('overdue_fine_policy.id'))
    .addColumn('lost_item_policy_id', 'text', (c) => c.notNull().references('lost_item_policy.id'))
    .addColumn('notice_policy_id', 'text', (c) => c.notNull().references('notice_policy.id'))
    .addColumn('is_fallback', t.flag, (c) => c.notNull().defaultTo(t.false))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .addCheckConstraint(
      'circulation_rule_fallback_is_general',
      sql.raw(
        `not is_fallback or (patron_group_id is null and material_type_id is null and loan_type_id is null and campus_id is null and library_id is null and location_id is null)`,
      ),
    )
    .execute();
  await db.schema.createIndex('circulation_rule_institution').on('circulation_rule').column('institution_id').execute();
  await db.schema
    .createIndex('circulation_rule_one_fallback')
    .on('circulation_rule')
    .column('institution_id')
    .unique()
    .where(sql.ref('is_fallback'), '=', t.postgres ? sql`true` : sql`1`)
    .execute();

  // Automated patron blocks: limits per patron group (null = no limit).
  await db.schema
    .createTable('patron_group_limit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('patron_group_id', 'text', (c) => c.notNull().references('patron_group.id').unique())
    .addColumn('max_loans', 'integer')
    // {"<material type id>": n}
    .addColumn('max_loans_per_material_type', t.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('max_overdue_items', 'integer')
    .addColumn('max_overdue_recalls', 'integer')
    .addColumn('max_lost_items', 'integer')
    .addColumn('max_fee_balance_cents', 'integer')
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('loan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('item.id'))
    // null once the loan has ended and the patron did not opt in to keep their history
    .addColumn('patron_id', 'text', (c) => c.references('patron.id'))
    .addColumn('patron_group_id', 'text', (c) => c.notNull().references('patron_group.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(oneOf('status', ['open', 'closed'])))
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('checked-out').check(oneOf('state', ['checked-out', 'claimed-returned', 'declared-lost', 'aged-to-lost', 'returned', 'lost-and-paid', 'found-by-library'])),
    )
    .addColumn('circulation_rule_id', 'text', (c) => c.references('circulation_rule.id'))
    .addColumn('loan_policy_id', 'text', (c) => c.notNull().references('loan_policy.id'))
    .addColumn('overdue_fine_policy_id', 'text', (c) => c.references('overdue_fine_policy.id'))
    .addColumn('lost_item_policy_id', 'text', (c) => c.references('lost_item_policy.id'))
    .addColumn('checkout_service_point_id', 'text', (c) => c.references('service_point.id'))
    .addColumn('checkin_service_point_id', 'text', (c) => c.references('service_point.id'))
    .addColumn('loaned_at', t.instant, (c) => c.notNull())
    .addColumn('due_at', t.instant, (c) => c.notNull())
    .addColumn('original_due_at', t.instant, (c) => c.notNull())
    .addColumn('renewal_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql.raw('renewal_count >= 0')))
    .addColumn('recalled_at', t.instant)
    // the effective return time (backdated for a book drop) and when staff actually scanned it
    .addColumn('returned_at', t.instant)
    .addColumn('checked_in_at', t.instant)
    .addColumn('claimed_returned_at', t.instant)
    .addColumn('declared_lost_at', t.instant)
    .addColumn('aged_to_lost_at', t.instant)
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();
  // The invariant a desk depends on: an item is on loan to at most one patron at a time.
  await db.schema
    .createIndex('loan_one_open_per_item')
    .on('loan')
    .column('item_id')
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema.createIndex('loan_patron_status').on('loan').columns(['patron_id', 'status']).execute();
  await db.schema.createIndex('loan_open_due').on('loan').columns(['institution_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('loan_item_history').on('loan').columns(['item_id', 'loaned_at']).execute();

  await db.schema.alterTable('patron').addColumn('claimed_returned_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('patron').addColumn('lost_item_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // What circulation tells other modules (fees, notices, statistics), written in the same
  // transaction as the change and consumed idempotently.
  await db.schema
    .createTable('circulation_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('loan_id', 'text', (c) => c.references('loan.id'))
    .addColumn('item_id', 'text', (c) => c.references('item.id'))
    .addColumn('patron_id', 'text', (c) => c.references('patron.id'))
    .addColumn('occurred_at', t.instant, (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('circulation_event_kind').on('circulation_event').columns(['institution_id', 'kind', 'occurred_at']).execute();

  // Scheduled jobs run once per key (e.g. 'aged-to-lost' + '2026-11-28') across all app nodes.
  await db.schema
    .createTable('job_run')
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('started_at', t.instant, (c) => c.notNull())
    .addColumn('finished_at', t.instant)
    .addColumn('outcome', t.json)
    .addPrimaryKeyConstraint('job_run_pk', ['job_name', 'run_key', 'institution_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Restore from a backup to undo the circulation schema.');
}

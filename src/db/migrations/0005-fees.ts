import { sql, type Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

export const feeTypeKinds = ['overdue-fine', 'lost-item-replacement', 'lost-item-processing', 'damaged-item', 'manual', 'booking-late-fee'] as const;
export const feeActionKinds = ['payment', 'waiver', 'refund', 'transfer', 'cancellation', 'adjustment'] as const;
export const paymentMethods = ['cash', 'card', 'check', 'online', 'credit'] as const;
export const refundTargets = ['patron', 'credit', 'balance'] as const;
export const creditReasons = ['overpayment', 'refund', 'payment'] as const;

/**
 * The fee ledger. A fee keeps its original amount; every change is a fee_action row, appended and
 * never edited, so the balance is always derived from the actions. fee.status is stored only so
 * that "open fees" can be found by index; the service keeps it in step in the same transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('fee_settings')
    .addColumn('institution_id', 'text', (c) => c.primaryKey().references('institution.id'))
    // Overpayment kept as patron credit instead of refused.
    .addColumn('allow_credit', t.flag, (c) => c.notNull().defaultTo(t.false))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .execute();

  // How much a role may waive in one action; roles with fees.waive-unlimited ignore it.
  await db.schema
    .createTable('role_fee_limit')
    .addColumn('role_id', 'text', (c) => c.primaryKey().references('staff_role.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('max_waive_cents', 'integer', (c) => c.notNull().check(sql.raw('max_waive_cents >= 0')))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('fee_type')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', feeTypeKinds)))
    .addColumn('default_amount_cents', 'integer', (c) => c.check(sql.raw('default_amount_cents is null or default_amount_cents > 0')))
    .addColumn('active', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('fee_type_code_unique', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('waiver_reason')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('waiver_reason_code_unique', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('fee')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id'))
    .addColumn('loan_id', 'text', (c) => c.references('loan.id'))
    .addColumn('item_id', 'text', (c) => c.references('item.id'))
    .addColumn('fee_type_id', 'text', (c) => c.notNull().references('fee_type.id'))
    // The desk (and so the library) that collects the fee.
    .addColumn('owner_service_point_id', 'text', (c) => c.references('service_point.id'))
    .addColumn('original_amount_cents', 'integer', (c) => c.notNull().check(sql.raw('original_amount_cents > 0')))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(oneOf('status', ['open', 'closed'])))
    .addColumn('description', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('fee_patron_status').on('fee').columns(['institution_id', 'patron_id', 'status']).execute();
  await db.schema.createIndex('fee_loan').on('fee').column('loan_id').execute();

  await db.schema
    .createTable('fee_action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('fee_id', 'text', (c) => c.notNull().references('fee.id'))
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id'))
    // 1, 2, 3… per fee: the order of actions in one instant, and (unique) a second writer's
    // action made from a stale balance fails instead of slipping in.
    .addColumn('sequence', 'integer', (c) => c.notNull().check(sql.raw('sequence > 0')))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', feeActionKinds)))
    // Positive, except an adjustment, which moves the amount owed either way.
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('balance_after_cents', 'integer', (c) => c.notNull().check(sql.raw('balance_after_cents >= 0')))
    .addColumn('method', 'text', (c) => c.check(sql`method is null or ${oneOf('method', paymentMethods)}`))
    .addColumn('transaction_reference', 'text')
    .addColumn('waiver_reason_id', 'text', (c) => c.references('waiver_reason.id'))
    .addColumn('refund_to', 'text', (c) => c.check(sql`refund_to is null or ${oneOf('refund_to', refundTargets)}`))
    .addColumn('note', 'text')
    // Payments taken together (one receipt across fees) or one bursar transfer batch.
    .addColumn('batch_id', 'text')
    .addColumn('service_point_id', 'text', (c) => c.references('service_point.id'))
    .addColumn('staff_id', 'text')
    .addColumn('occurred_at', t.instant, (c) => c.notNull())
    .addCheckConstraint('fee_action_amount', sql.raw(`(kind = 'adjustment' and amount_cents <> 0) or amount_cents > 0`))
    .addCheckConstraint('fee_action_payment_method', sql.raw(`kind <> 'payment' or method is not null`))
    .addCheckConstraint('fee_action_waiver_reason', sql.raw(`kind <> 'waiver' or waiver_reason_id is not null`))
    .addCheckConstraint('fee_action_refund_target', sql.raw(`kind <> 'refund' or refund_to is not null`))
    .addUniqueConstraint('fee_action_sequence_unique', ['fee_id', 'sequence'])
    .execute();
  await db.schema.createIndex('fee_action_batch').on('fee_action').column('batch_id').execute();
  await db.schema.createIndex('fee_action_desk').on('fee_action').columns(['institution_id', 'service_point_id', 'occurred_at']).execute();

  // A patron's credit account: overpayments and refunds kept as credit, spent by paying with 'credit'.
  await db.schema
    .createTable('patron_credit_action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id'))
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql.raw('amount_cents <> 0')))
    .addColumn('reason', 'text', (c) => c.notNull().check(oneOf('reason', creditReasons)))
    .addColumn('fee_action_id', 'text', (c) => c.references('fee_action.id'))
    .addColumn('batch_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('occurred_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patron_credit_patron').on('patron_credit_action').columns(['institution_id', 'patron_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Restore from a backup to undo the fee ledger schema.');
}

import { sql, type Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

/**
 * Notices: editable templates per institution, kind and language, and the delivery log. A
 * delivery row stands for one event (one loan's courtesy notice for one due date, one overdue
 * repeat, one recall); its event key is unique per institution, so a notice is sent at most once
 * however often the job runs and on however many app nodes. Rows sent together in one email share
 * a batch id.
 */
export const noticeDeliveryStatuses = ['queued', 'sent', 'failed'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('notice_template')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addUniqueConstraint('notice_template_code_language_unique', ['institution_id', 'code', 'language'])
    .execute();
  await db.schema
    .createTable('notice_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id'))
    .addColumn('loan_id', 'text', (c) => c.references('loan.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', t.instant)
    .addColumn('sent_at', t.instant)
    .addColumn('recipient', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addCheckConstraint('notice_delivery_status_known', oneOf('status', noticeDeliveryStatuses))
    .addCheckConstraint('notice_delivery_attempts_not_negative', sql.raw('attempts >= 0'))
    .addUniqueConstraint('notice_delivery_event_unique', ['institution_id', 'event_key'])
    .execute();
  await db.schema.createIndex('notice_delivery_patron').on('notice_delivery').columns(['patron_id', 'created_at']).execute();
  await db.schema.createIndex('notice_delivery_retry').on('notice_delivery').columns(['institution_id', 'status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_delivery').execute();
  await db.schema.dropTable('notice_template').execute();
}

import { sql, type Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

/**
 * Requests: holds, recalls and pages. An item-level request names its item from the start; a
 * title-level request names only the instance until a copy is assigned to it (checked in or found).
 * Queue positions order the open requests of one item (item-level) or one instance (title-level).
 */
export const requestTypes = ['hold', 'recall', 'page'] as const;
export const requestStatuses = [
  'open-not-yet-filled',
  'open-in-transit',
  'open-awaiting-pickup',
  'closed-filled',
  'closed-cancelled',
  'closed-unfilled',
  'closed-pickup-expired',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id'))
    .addColumn('item_id', 'text', (c) => c.references('item.id'))
    .addColumn('instance_id', 'text', (c) => c.notNull().references('instance.id'))
    .addColumn('pickup_service_point_id', 'text', (c) => c.notNull().references('service_point.id'))
    .addColumn('not_needed_after', t.date)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_reason', 'text')
    .addColumn('queue_position', 'integer', (c) => c.notNull())
    .addColumn('hold_shelf_expires_at', t.instant)
    .addColumn('awaiting_pickup_at', t.instant)
    .addColumn('filled_loan_id', 'text', (c) => c.references('loan.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('created_by', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addCheckConstraint('request_type_known', oneOf('type', requestTypes))
    .addCheckConstraint('request_level_known', oneOf('level', ['item', 'title']))
    .addCheckConstraint('request_status_known', oneOf('status', requestStatuses))
    .addCheckConstraint('request_item_level_names_item', sql.raw(`level <> 'item' or item_id is not null`))
    .addCheckConstraint('request_awaiting_has_deadline', sql.raw(`status <> 'open-awaiting-pickup' or (hold_shelf_expires_at is not null and item_id is not null)`))
    .addCheckConstraint('request_cancel_has_reason', sql.raw(`status <> 'closed-cancelled' or cancel_reason is not null`))
    .addCheckConstraint('request_queue_position_positive', sql.raw('queue_position > 0'))
    .execute();
  await db.schema.createIndex('request_item_status').on('request').columns(['item_id', 'status']).execute();
  await db.schema.createIndex('request_instance_status').on('request').columns(['instance_id', 'status']).execute();
  await db.schema.createIndex('request_patron_status').on('request').columns(['patron_id', 'status']).execute();
  await db.schema.createIndex('request_pickup_status').on('request').columns(['pickup_service_point_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request').execute();
}

import { sql, type Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

// Lists are written out here rather than imported so that this migration never changes.
const itemStatuses = [
  'available', 'checked-out', 'in-transit', 'awaiting-pickup', 'paged', 'on-order', 'in-process',
  'missing', 'declared-lost', 'aged-to-lost', 'claimed-returned', 'lost-and-paid', 'withdrawn',
  'damaged', 'in-repair', 'unavailable',
];
const instanceFormats = [
  'book', 'ebook', 'dvd', 'blu-ray', 'audio', 'score', 'map', 'periodical', 'article', 'equipment',
  'kit', 'microform', 'thesis', 'manuscript', 'other',
];

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('institution')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().check(sqlCheck('length(currency) = 3')))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en-US'))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();

  await db.schema
    .createTable('campus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('campus_code_unique', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('library')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('campus_id', 'text', (c) => c.notNull().references('campus.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('library_code_unique', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('service_point')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('library_id', 'text', (c) => c.references('library.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('discovery_name', 'text')
    .addColumn('is_pickup_point', t.flag, (c) => c.notNull().defaultTo(t.false))
    .addColumn('hold_shelf_expiry_days', 'integer', (c) => c.notNull().defaultTo(7).check(sqlCheck('hold_shelf_expiry_days >= 0')))
    // null: the institution's time zone
    .addColumn('time_zone', 'text')
    .addColumn('active', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addUniqueConstraint('service_point_code_unique', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('location')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('library_id', 'text', (c) => c.notNull().references('library.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('primary_service_point_id', 'text', (c) => c.references('service_point.id'))
    .addColumn('active', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addUniqueConstraint('location_code_unique', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('service_point_location')
    .addColumn('service_point_id', 'text', (c) => c.notNull().references('service_point.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('location.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('service_point_location_pk', ['service_point_id', 'location_id'])
    .execute();

  // Regular weekly hours. weekday: 1 = Monday ... 7 = Sunday (ISO 8601). Times are local 'HH:MM';
  // closes_at may be '24:00'. Several rows for one weekday give split hours.
  await db.schema
    .createTable('calendar_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('service_point_id', 'text', (c) => c.notNull().references('service_point.id').onDelete('cascade'))
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sqlCheck('weekday between 1 and 7')))
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('valid_from', t.date)
    .addColumn('valid_to', t.date)
    .addCheckConstraint('calendar_hours_order', sqlCheck('opens_at < closes_at'))
    .execute();

  // Closures, holidays and special hours for a date range (inclusive, local dates).
  await db.schema
    .createTable('calendar_exception')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('service_point_id', 'text', (c) => c.notNull().references('service_point.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['closed', 'special-hours'])))
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date, (c) => c.notNull())
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addCheckConstraint('calendar_exception_range', sqlCheck('start_date <= end_date'))
    .addCheckConstraint(
      'calendar_exception_hours',
      sqlCheck("(kind = 'closed' and opens_at is null and closes_at is null) or (kind = 'special-hours' and opens_at is not null and closes_at is not null and opens_at < closes_at)"),
    )
    .execute();

  for (const table of ['material_type', 'loan_type', 'patron_group'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addUniqueConstraint(`${table}_code_unique`, ['institution_id', 'code'])
      .execute();
  }

  await db.schema
    .createTable('instance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('statement_of_responsibility', 'text')
    // JSON arrays: [{ "name": "...", "role": "author" }], ["978..."], ...
    .addColumn('contributors', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('isbns', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('issns', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('oclc_numbers', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('lccn', 'text')
    .addColumn('publisher', 'text')
    .addColumn('publication_place', 'text')
    .addColumn('publication_date', 'text')
    .addColumn('edition', 'text')
    .addColumn('physical_description', 'text')
    .addColumn('subjects', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('book').check(oneOf('format', instanceFormats)))
    .addColumn('language', 'text')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual').check(oneOf('source', ['manual', 'marc', 'demo'])))
    .addColumn('source_record_id', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();
  await db.schema.createIndex('instance_institution').on('instance').columns(['institution_id', 'title']).execute();

  await db.schema
    .createTable('holding')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('instance_id', 'text', (c) => c.notNull().references('instance.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('location.id'))
    .addColumn('call_number', 'text')
    .addColumn('call_number_prefix', 'text')
    // A normalised key that sorts call numbers in shelf order (LC and Dewey), for pick lists and browse.
    .addColumn('shelving_order', 'text')
    .addColumn('public_note', 'text')
    .addColumn('staff_note', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();
  await db.schema.createIndex('holding_instance').on('holding').column('instance_id').execute();
  await db.schema.createIndex('holding_shelving_order').on('holding').columns(['institution_id', 'shelving_order']).execute();

  await db.schema
    .createTable('item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('holding_id', 'text', (c) => c.notNull().references('holding.id').onDelete('cascade'))
    .addColumn('instance_id', 'text', (c) => c.notNull().references('instance.id').onDelete('cascade'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('material_type_id', 'text', (c) => c.notNull().references('material_type.id'))
    .addColumn('loan_type_id', 'text', (c) => c.notNull().references('loan_type.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('available').check(oneOf('status', itemStatuses)))
    .addColumn('status_changed_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('copy_number', 'text')
    .addColumn('volume', 'text')
    .addColumn('enumeration', 'text')
    .addColumn('chronology', 'text')
    .addColumn('price_cents', 'integer', (c) => c.check(sqlCheck('price_cents >= 0')))
    .addColumn('replacement_cost_cents', 'integer', (c) => c.check(sqlCheck('replacement_cost_cents >= 0')))
    .addColumn('temporary_location_id', 'text', (c) => c.references('location.id'))
    .addColumn('temporary_loan_type_id', 'text', (c) => c.references('loan_type.id'))
    .addColumn('public_note', 'text')
    .addColumn('staff_note', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addUniqueConstraint('item_barcode_unique', ['institution_id', 'barcode'])
    .execute();
  await db.schema.createIndex('item_instance').on('item').column('instance_id').execute();
  await db.schema.createIndex('item_holding').on('item').column('holding_id').execute();

  await db.schema
    .createTable('patron')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('patron_group_id', 'text', (c) => c.notNull().references('patron_group.id'))
    .addColumn('external_id', 'text')
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('middle_name', 'text')
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('preferred_first_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text')
    .addColumn('region', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('country', 'text')
    .addColumn('birth_date', t.date)
    .addColumn('expires_on', t.date)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(oneOf('status', ['active', 'inactive'])))
    .addColumn('pin_hash', 'text')
    .addColumn('keep_loan_history', t.flag, (c) => c.notNull().defaultTo(t.false))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addUniqueConstraint('patron_barcode_unique', ['institution_id', 'barcode'])
    .addUniqueConstraint('patron_external_id_unique', ['institution_id', 'external_id'])
    .execute();
  await db.schema.createIndex('patron_name').on('patron').columns(['institution_id', 'last_name', 'first_name']).execute();
  await db.schema.createIndex('patron_email').on('patron').columns(['institution_id', 'email']).execute();

  await db.schema
    .createTable('patron_note')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['staff', 'pop-up'])))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();
  await db.schema.createIndex('patron_note_patron').on('patron_note').column('patron_id').execute();

  // Manual blocks staff place on an account; automated blocks (fees, overdues) are derived later.
  await db.schema
    .createTable('patron_block')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('patron_message', 'text')
    .addColumn('blocks_borrowing', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('blocks_renewals', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('blocks_requests', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('expires_at', t.instant)
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();
  await db.schema.createIndex('patron_block_patron').on('patron_block').column('patron_id').execute();

  await db.schema
    .createTable('staff_role')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('built_in', t.flag, (c) => c.notNull().defaultTo(t.false))
    .addUniqueConstraint('staff_role_code_unique', ['institution_id', 'code'])
    .execute();

  await db.schema
    .createTable('staff_role_permission')
    .addColumn('role_id', 'text', (c) => c.notNull().references('staff_role.id').onDelete('cascade'))
    .addColumn('permission', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_role_permission_pk', ['role_id', 'permission'])
    .execute();

  await db.schema
    .createTable('staff_account')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull().references('staff_role.id'))
    .addColumn('active', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t.instant)
    .addColumn('last_sign_in_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .execute();

  await db.schema
    .createTable('staff_session')
    .addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the cookie token: a stolen table is no use
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff_account.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('remote_address', 'text')
    .execute();
  await db.schema.createIndex('staff_session_staff').on('staff_session').column('staff_id').execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('occurred_at', t.instant, (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(oneOf('actor_kind', ['staff', 'patron', 'system', 'sip', 'partner'])))
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', t.json)
    .addColumn('after', t.json)
    .addColumn('reason', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_event_entity').on('audit_event').columns(['entity_type', 'entity_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_event_time').on('audit_event').columns(['institution_id', 'occurred_at']).execute();
}

function sqlCheck(expression: string) {
  return sql.raw(expression);
}

export async function down(): Promise<void> {
  throw new Error('The foundation schema is not reversible; restore from a backup instead.');
}

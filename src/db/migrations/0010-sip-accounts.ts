import type { Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

/**
 * SIP2 accounts: the self-check kiosks, return bins, printing and PC-booking systems that log in over
 * SIP2, each tied to one institution and the service point its transactions belong to. Also: the
 * patron PIN lockout (shared with the portal), the internet privileges a patron group carries (the PI
 * extension field), and which blocks a kiosk placed (SIP 25 patron enable lifts only those).
 */
export const sipCharsets = ['utf-8', 'latin1', 'ascii'] as const;
export const blockPlacers = ['staff', 'sip'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('sip_account')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('service_point_id', 'text', (c) => c.notNull().references('service_point.id'))
    // JSON array of request message identifiers, e.g. ["23","63","37"].
    .addColumn('allowed_messages', t.json, (c) => c.notNull())
    .addColumn('sees_patron_details', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('charset', 'text', (c) => c.notNull().defaultTo('utf-8'))
    .addColumn('requires_patron_pin', t.flag, (c) => c.notNull().defaultTo(t.false))
    .addColumn('enabled', t.flag, (c) => c.notNull().defaultTo(t.true))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addUniqueConstraint('sip_account_username_unique', ['institution_id', 'username'])
    .addCheckConstraint('sip_account_charset_known', oneOf('charset', sipCharsets))
    .execute();
  await db.schema.alterTable('patron').addColumn('pin_failed_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('patron').addColumn('pin_locked_until', t.instant).execute();
  await db.schema.alterTable('patron_group').addColumn('internet_privileges', t.flag, (c) => c.notNull().defaultTo(t.true)).execute();
  await db.schema.alterTable('patron_block').addColumn('placed_by', 'text', (c) => c.notNull().defaultTo('staff')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('patron_block').dropColumn('placed_by').execute();
  await db.schema.alterTable('patron_group').dropColumn('internet_privileges').execute();
  await db.schema.alterTable('patron').dropColumn('pin_locked_until').execute();
  await db.schema.alterTable('patron').dropColumn('pin_failed_attempts').execute();
  await db.schema.dropTable('sip_account').execute();
}

import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';

/**
 * SIP2 safeguards: patron details (address, email, phone, birth date) only with the patron's PIN unless
 * the account opts out, every existing account moved to that safe default; the login lockout of a SIP
 * account; whether a check-in of an item that was not on loan answers ok; and the item properties a
 * kiosk or sorter stores with 19 item status update (the CH field).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('sip_account').addColumn('patron_details_need_pin', t.flag, (c) => c.notNull().defaultTo(t.true)).execute();
  await db.schema.alterTable('sip_account').addColumn('check_in_not_on_loan_ok', t.flag, (c) => c.notNull().defaultTo(t.false)).execute();
  await db.schema.alterTable('sip_account').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('sip_account').addColumn('locked_until', t.instant).execute();
  await db.schema.alterTable('item').addColumn('sip_properties', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('item').dropColumn('sip_properties').execute();
  await db.schema.alterTable('sip_account').dropColumn('locked_until').execute();
  await db.schema.alterTable('sip_account').dropColumn('failed_logins').execute();
  await db.schema.alterTable('sip_account').dropColumn('check_in_not_on_loan_ok').execute();
  await db.schema.alterTable('sip_account').dropColumn('patron_details_need_pin').execute();
}

import type { Kysely } from 'kysely';

/**
 * The other notice kinds (hold available and expiring, request cancelled, aged to lost, fee
 * charged, fee receipt, account expiring) and per-patron language.
 * - patron.preferred_language: the language of the patron's notices; null = the institution's default.
 * - notice_delivery.facts: what the notice says about its event, written with the event, so a run
 *   that died before sending can still write and send the email later.
 * - indexes for the notice run's look-back over recent fee charges, fee actions and request changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('patron').addColumn('preferred_language', 'text').execute();
  await db.schema.alterTable('notice_delivery').addColumn('facts', 'text').execute();
  await db.schema.createIndex('fee_created').on('fee').columns(['institution_id', 'created_at']).execute();
  await db.schema.createIndex('fee_action_occurred').on('fee_action').columns(['institution_id', 'occurred_at']).execute();
  await db.schema.createIndex('request_updated').on('request').columns(['institution_id', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('request_updated').execute();
  await db.schema.dropIndex('fee_action_occurred').execute();
  await db.schema.dropIndex('fee_created').execute();
  await db.schema.alterTable('notice_delivery').dropColumn('facts').execute();
  await db.schema.alterTable('patron').dropColumn('preferred_language').execute();
}

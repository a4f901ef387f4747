import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';

/**
 * Patron portal sessions: a patron who signed in with their card and PIN. Kept apart from staff
 * sessions so that a patron cookie can never be taken for a staff one, and expiring after a short
 * idle time because portals are used on shared computers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('portal_session')
    .addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the cookie token
    .addColumn('patron_id', 'text', (c) => c.notNull().references('patron.id').onDelete('cascade'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institution.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_session_patron').on('portal_session').column('patron_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('portal_session').execute();
}

import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';

/**
 * Wrong staff passwords counted per username and client address, whether or not the username
 * exists: five from one address pause sign-in for that name from that address only, so a stranger
 * can neither learn which usernames are real nor lock a colleague out at their own desk.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('staff_sign_in_failure')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('remote_address', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', t.instant, (c) => c.notNull())
    .addColumn('locked_until', t.instant)
    .addPrimaryKeyConstraint('staff_sign_in_failure_pk', ['username', 'remote_address'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_sign_in_failure').execute();
}

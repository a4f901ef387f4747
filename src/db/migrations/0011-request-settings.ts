import type { Kysely } from 'kysely';
import { columnTypes, oneOf } from '../column-types.ts';

/**
 * Request settings per institution: how a hold slip names the patron waiting for an item. The
 * slip lies face up on an open shelf, so the default names nobody (surname initials and the last
 * four digits of the barcode); libraries whose shelf is behind the desk may print the full name.
 */
export const holdSlipFormats = ['initials-and-last-four', 'full-name', 'last-name-first-initial', 'barcode-only-last-four'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('request_settings')
    .addColumn('institution_id', 'text', (c) => c.primaryKey().references('institution.id'))
    .addColumn('hold_slip_format', 'text', (c) => c.notNull().defaultTo('initials-and-last-four').check(oneOf('hold_slip_format', holdSlipFormats)))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_settings').execute();
}

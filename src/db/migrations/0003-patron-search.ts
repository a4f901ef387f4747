import { sql, type Kysely } from 'kysely';

/**
 * Folded name columns for patron search and duplicate checks. Neither SQLite nor a stock
 * PostgreSQL folds accents in SQL (unaccent is an extension), so the application writes them:
 * name_key = 'lastname|firstname', search_text = ' every name word '.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('patron').addColumn('name_key', 'text').execute();
  await db.schema.alterTable('patron').addColumn('search_text', 'text').execute();
  await db.schema.createIndex('patron_name_key').on('patron').columns(['institution_id', 'name_key', 'birth_date']).execute();
  await db.schema.createIndex('patron_email_folded').on('patron').columns(['institution_id']).expression(sql`lower(email)`).execute();

  // Backfill with the same folding the code uses, written out here so this migration never changes.
  const fold = (value: string) =>
    value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’`.]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const rows: Array<{ id: string; first_name: string; middle_name: string | null; last_name: string; preferred_first_name: string | null }> = await db
    .selectFrom('patron')
    .select(['id', 'first_name', 'middle_name', 'last_name', 'preferred_first_name'])
    .execute();
  for (const row of rows) {
    const words = [row.first_name, row.middle_name, row.preferred_first_name, row.last_name].flatMap((part) => (part ? fold(part) : []));
    await db
      .updateTable('patron')
      .set({ name_key: `${fold(row.last_name).join('')}|${fold(row.first_name).join('')}`, search_text: ` ${words.join(' ')} ` })
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('patron_email_folded').execute();
  await db.schema.dropIndex('patron_name_key').execute();
  await db.schema.alterTable('patron').dropColumn('search_text').execute();
  await db.schema.alterTable('patron').dropColumn('name_key').execute();
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { NoticeTemplateText } from './notice-template.policy.ts';

/** The library's own templates, by kind and language. */
export async function listOwnTemplates(db: Kysely<Database>, institutionId: string) {
  return db.selectFrom('notice_template').select(['kind', 'code', 'language', 'subject', 'body', 'updated_at']).where('institution_id', '=', institutionId).orderBy('kind').orderBy('language').execute();
}

/** The library's own template for a kind and language, read in the caller's transaction. */
export async function findOwnTemplate(db: Kysely<Database>, institutionId: string, kind: string, language: string) {
  return db.selectFrom('notice_template').select(['id', 'subject', 'body']).where('institution_id', '=', institutionId).where('code', '=', kind).where('language', '=', language).executeTakeFirst();
}

export async function updateTemplateText(db: Kysely<Database>, templateId: string, text: NoticeTemplateText, updatedAt: string): Promise<void> {
  await db.updateTable('notice_template').set({ subject: text.subject, body: text.body, updated_at: updatedAt }).where('id', '=', templateId).execute();
}

export async function insertOwnTemplate(db: Kysely<Database>, row: { id: string; institutionId: string; kind: string; language: string; text: NoticeTemplateText; updatedAt: string }): Promise<void> {
  await db
    .insertInto('notice_template')
    .values({ id: row.id, institution_id: row.institutionId, code: row.kind, kind: row.kind, language: row.language, subject: row.text.subject, body: row.text.body, updated_at: row.updatedAt })
    .execute();
}

export async function deleteTemplateById(db: Kysely<Database>, templateId: string): Promise<void> {
  await db.deleteFrom('notice_template').where('id', '=', templateId).execute();
}

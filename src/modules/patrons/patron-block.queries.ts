import type { Insertable, Kysely } from 'kysely';
import type { Database, PatronBlockTable, PatronNoteTable } from '../../db/schema.ts';

/** Manual blocks and staff notes on a patron: the rows the block and note services add and remove. */

export async function insertPatronBlock(db: Kysely<Database>, row: Insertable<PatronBlockTable>): Promise<void> {
  await db.insertInto('patron_block').values(row).execute();
}

export async function findPatronBlock(db: Kysely<Database>, institutionId: string, patronId: string, blockId: string) {
  return db
    .selectFrom('patron_block')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .where('id', '=', blockId)
    .executeTakeFirst();
}

/** The blocks a kiosk placed (SIP2 01), which a kiosk's patron enable (25) may lift. */
export async function kioskBlocksOfPatron(db: Kysely<Database>, institutionId: string, patronId: string) {
  return db
    .selectFrom('patron_block')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .where('placed_by', '=', 'sip')
    .execute();
}

export async function deletePatronBlock(db: Kysely<Database>, blockId: string): Promise<void> {
  await db.deleteFrom('patron_block').where('id', '=', blockId).execute();
}

export async function insertPatronNote(db: Kysely<Database>, row: Insertable<PatronNoteTable>): Promise<void> {
  await db.insertInto('patron_note').values(row).execute();
}

export async function findPatronNote(db: Kysely<Database>, institutionId: string, patronId: string, noteId: string) {
  return db
    .selectFrom('patron_note')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .where('id', '=', noteId)
    .executeTakeFirst();
}

export async function deletePatronNote(db: Kysely<Database>, noteId: string): Promise<void> {
  await db.deleteFrom('patron_note').where('id', '=', noteId).execute();
}

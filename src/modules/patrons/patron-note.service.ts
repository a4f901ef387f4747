import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { deletePatronNote as deletePatronNoteRow, findPatronNote, insertPatronNote } from './patron-block.queries.ts';
import { listPatronNotes, requirePatronRow } from './patron.queries.ts';
import { toNoteRecord, type PatronNoteRecord } from './patron.record.ts';

export interface NewPatronNote {
  /** 'staff': for staff only; 'pop-up': shown to staff whenever the patron's account is opened at the desk. */
  kind: 'staff' | 'pop-up';
  text: string;
}

export async function notesOfPatron(db: Kysely<Database>, institutionId: string, patronId: string): Promise<PatronNoteRecord[]> {
  await requirePatronRow(db, institutionId, patronId);
  return listPatronNotes(db, institutionId, patronId);
}

export async function addPatronNote(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string, note: NewPatronNote): Promise<PatronNoteRecord> {
  return db.transaction().execute(async (trx) => {
    await requirePatronRow(trx, actor.institutionId, patronId);
    const row = {
      id: newId(),
      institution_id: actor.institutionId,
      patron_id: patronId,
      kind: note.kind,
      text: note.text,
      created_by: actor.name,
      created_at: clock.now().toISOString(),
    };
    await insertPatronNote(trx, row);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron.note-add', entityType: 'patron', entityId: patronId, after: { noteId: row.id, kind: note.kind, text: note.text } });
    return toNoteRecord(row);
  });
}

export async function deletePatronNote(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string, noteId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const note = await findPatronNote(trx, actor.institutionId, patronId, noteId);
    if (!note) throw new DomainError('PATRON_NOTE_NOT_FOUND', 'This patron has no such note.', { patronId, noteId });
    await deletePatronNoteRow(trx, noteId);
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'patron.note-delete',
      entityType: 'patron',
      entityId: patronId,
      before: { noteId, kind: note.kind, text: note.text, createdBy: note.created_by, createdAt: note.created_at },
    });
  });
}

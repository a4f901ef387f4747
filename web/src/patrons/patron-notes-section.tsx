import { useState, type FormEvent } from 'react';
import { fieldProblemsOf, useAddPatronNote, useDeletePatronNote, usePatronNotes } from '../api/patron-account-queries.ts';
import { ErrorIcon, NoteIcon, QueryStatus } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';

/** Staff notes, and pop-up notes the desk sees whenever the account opens (flagged as such). */
export function PatronNotesSection({ patronId }: { patronId: string }) {
  const mayEdit = useSession().session.staff.permissions.includes('patrons.edit');
  const notes = usePatronNotes(patronId);
  const addPatronNote = useAddPatronNote(patronId);
  const deletePatronNote = useDeletePatronNote(patronId);
  const [text, setText] = useState('');
  const [popUp, setPopUp] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const problems = fieldProblemsOf(failure);

  function changed(message: string) {
    setAnnouncement(message);
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      await addPatronNote(patronId, { kind: popUp ? 'pop-up' : 'staff', text: text.trim() });
      setText('');
      setPopUp(false);
      changed(t('account.noteAdded'));
    } catch (error) {
      setFailure(error);
    }
  }

  async function remove(noteId: string) {
    try {
      await deletePatronNote(patronId, noteId);
      changed(t('account.noteRemoved'));
    } catch (error) {
      setFailure(error);
    }
  }

  const items = notes.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="patron-notes">
      <h2 id="patron-notes">{t('account.notes')}</h2>
      <QueryStatus query={notes} />
      {notes.isSuccess && items.length === 0 && <p className="account__empty">{t('account.noNotes')}</p>}
      {items.length > 0 && (
        <ul className="account-list" aria-label={t('account.noteList')}>
          {items.map((note) => (
            <li key={note.id} className={note.kind === 'pop-up' ? 'account-list__item flag flag--note' : 'account-list__item'}>
              {note.kind === 'pop-up' && <NoteIcon />}
              <div className="account-list__main">
                {note.kind === 'pop-up' && <strong>{`${t('account.popUp')}: `}</strong>}
                <span className="account-list__text">{note.text}</span>
                <span className="account-list__meta">{[note.createdBy, formatDateTime(note.createdAt)].filter(Boolean).join(' · ')}</span>
              </div>
              {mayEdit && (
                <button type="button" className="button button--small" aria-label={t('account.removeNoteNamed', { text: note.text.slice(0, 40) })} onClick={() => void remove(note.id)}>
                  {t('account.removeNote')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {mayEdit ? (
        <form className="account-form" onSubmit={add} noValidate aria-labelledby="add-note">
          <h3 id="add-note">{t('account.addNote')}</h3>
          <div className="field field--grow">
            <label htmlFor="note-text">{t('account.noteText')}</label>
            <textarea id="note-text" rows={3} maxLength={4000} value={text} onChange={(event) => setText(event.target.value)} aria-invalid={problems.text ? true : undefined} />
            {problems.text && <span className="field__problem">{problems.text}</span>}
          </div>
          <div className="field field--check">
            <input id="note-pop-up" type="checkbox" checked={popUp} onChange={(event) => setPopUp(event.target.checked)} />
            <label htmlFor="note-pop-up">{t('account.notePopUp')}</label>
          </div>
          <button type="submit" className="button button--primary">
            {t('account.addNoteButton')}
          </button>
          {failure instanceof Error && !problems.text && (
            <p className="message message--error" role="alert">
              <ErrorIcon />
              {failure.message}
            </p>
          )}
        </form>
      ) : (
        <p className="hint">{t('account.needsPermission', { permission: 'patrons.edit' })}</p>
      )}
    </section>
  );
}

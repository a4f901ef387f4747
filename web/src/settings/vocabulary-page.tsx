import { useId, useState, type FormEvent } from 'react';
import { saveVocabulary, useSettingsList, type Vocabulary, type VocabularyPath } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/translate.ts';
import { SaveActions, useMay, useSave } from './settings-save.tsx';
import { TextSetting } from './setting-fields.tsx';

interface VocabularyPageProps {
  /** API path of the list, e.g. '/patron-groups' */
  path: VocabularyPath;
  heading: MessageKey;
  newLabel: MessageKey;
}

/** A code-and-name list (patron groups, material types, loan types): the list, and a form to add or change one. */
export function VocabularyPage({ path, heading, newLabel }: VocabularyPageProps) {
  const list = useSettingsList<Vocabulary>(path);
  const [selected, setSelected] = useState<string | undefined>();
  const [formKey, setFormKey] = useState('');
  const choose = (id: string) => {
    setSelected(id);
    setFormKey(id);
  };
  const mayEdit = useMay();
  const headingId = useId();
  if (list.isError) return <QueryFailure error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  const row = items.find((candidate) => candidate.id === selected);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t(heading)}</h2>
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t('settingsArea.name')}</th>
            <th scope="col">{t('settingsArea.code')}</th>
            <th scope="col">{t('settingsArea.description')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('settingsArea.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((candidate) => (
            <tr key={candidate.id}>
              <th scope="row">{candidate.name}</th>
              <td>{candidate.code}</td>
              <td>{candidate.description}</td>
              <td>
                {mayEdit && (
                  <button type="button" className="button button--quiet" onClick={() => choose(candidate.id)} aria-label={t('settingsArea.editNamed', { name: candidate.name })}>
                    {t('settingsArea.edit')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayEdit ? (
        <button type="button" className="button" onClick={() => choose('new')}>
          {t(newLabel)}
        </button>
      ) : (
        <p className="policy-editor__read-only">{t('settings.readOnly')}</p>
      )}
      {(row || selected === 'new') && <VocabularyForm key={formKey} path={path} row={row} newLabel={newLabel} onSaved={setSelected} />}
    </section>
  );
}

function VocabularyForm({ path, row, newLabel, onSaved }: { path: VocabularyPath; row: Vocabulary | undefined; newLabel: MessageKey; onSaved(id: string | undefined): void }) {
  const headingId = useId();
  const [name, setName] = useState(row?.name ?? '');
  const [code, setCode] = useState(row?.code ?? '');
  const [description, setDescription] = useState(row?.description ?? '');
  const saving = useSave();

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = { name: name.trim(), code: code.trim(), description: description.trim() || null };
    const saved = await saving.save(() => saveVocabulary(path, row?.id, body), t('settings.saved', { name: body.name }));
    if (saved && !row) onSaved(saved.id);
  }

  return (
    <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{row ? t('settings.fine.editing', { name: row.name }) : t(newLabel)}</h3>
      <TextSetting id="vocabulary-name" label={t('settingsArea.name')} value={name} onValue={setName} problem={saving.problemOf('name')} />
      <TextSetting id="vocabulary-code" label={t('settingsArea.code')} value={code} onValue={setCode} problem={saving.problemOf('code')} hint={t('settings.fine.codeHint')} />
      <TextSetting id="vocabulary-description" label={t('settingsArea.description')} value={description} onValue={setDescription} problem={saving.problemOf('description')} />
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} />
    </form>
  );
}

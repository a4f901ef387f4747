import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-client.ts';
import { useInstitution } from '../api/fee-queries.ts';
import { deletePolicy } from '../api/settings-area-queries.ts';
import { finePoliciesKey, useFinePolicies, useSaveFinePolicy, type FinePolicy } from '../api/settings-queries.ts';
import { ErrorIcon, QueryFailure, messageOfFailure } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { minorDigitsOf } from '../fees/money-entry.ts';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { DeleteDialog } from './delete-dialog.tsx';
import { draftOfPolicy, inputOfDraft, newFinePolicyDraft, problemsOfReply, settingsOfDraft, type FieldProblem } from './fine-policy-draft.ts';
import { FinePolicyForm } from './fine-policy-form.tsx';
import { FinePolicyPreview } from './fine-policy-preview.tsx';

const newPolicy = 'new';

/** Overdue fine policies: pick one (or start a new one), edit it with its preview beside it, save. */
export function FinePoliciesPage() {
  const policies = useFinePolicies();
  const institution = useInstitution();
  const [selected, setSelected] = useState<string | undefined>();
  const [savedNote, setSavedNote] = useState('');
  const choose = (id: string) => {
    setSelected(id);
    setSavedNote('');
  };
  const listId = useId();
  const currency = institution.data?.currency ?? 'USD';

  if (policies.isError) return <QueryFailure error={policies.error} onRetry={() => void policies.refetch()} />;
  const items = policies.data?.items ?? [];
  const policy = items.find((candidate) => candidate.id === selected);

  return (
    <section className="fine-policies" aria-labelledby={`${listId}-heading`}>
      <h2 id={`${listId}-heading`}>{t('settings.finePolicies')}</h2>
      <div className="fine-policies__list">
        <ul aria-label={t('settings.fine.list')}>
          {items.map((candidate) => (
            <li key={candidate.id}>
              <button type="button" className="button button--quiet" aria-pressed={candidate.id === selected} onClick={() => choose(candidate.id)}>
                {candidate.name} <span className="fine-policies__code">({candidate.code})</span>
              </button>
            </li>
          ))}
        </ul>
        {policies.isPending && <p>{t('app.loading')}</p>}
        <button type="button" className="button" aria-pressed={selected === newPolicy} onClick={() => choose(newPolicy)}>
          {t('settings.fine.new')}
        </button>
      </div>
      {(policy || selected === newPolicy) && institution.data && (
        <FinePolicyEditor key={policy?.id ?? newPolicy} policy={policy} currency={currency} onSaved={(saved) => {
            setSelected(saved.id);
            setSavedNote(t('settings.saved', { name: saved.name }));
          }}
          onDeleted={(name) => {
            setSelected(undefined);
            setSavedNote(t('settingsArea.delete.done', { name }));
          }}
        />
      )}
      <p role="status" className="policy-editor__saved">
        {savedNote}
      </p>
      {!policy && selected !== newPolicy && <p className="fine-policies__hint">{t('settings.fine.choose')}</p>}
    </section>
  );
}

interface FinePolicyEditorProps {
  policy: FinePolicy | undefined;
  currency: string;
  onSaved(policy: FinePolicy): void;
  onDeleted(name: string): void;
}

function FinePolicyEditor({ policy, currency, onSaved, onDeleted }: FinePolicyEditorProps) {
  const { session } = useSession();
  const mayEdit = session.staff.permissions.includes('settings.edit');
  const queryClient = useQueryClient();
  const saveFinePolicy = useSaveFinePolicy();
  const minorDigits = minorDigitsOf(currency);
  const [draft, setDraft] = useState(() => (policy ? draftOfPolicy(policy, minorDigits) : newFinePolicyDraft));
  const [serverProblems, setServerProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState('');
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const headingId = useId();
  const read = settingsOfDraft(draft, minorDigits);
  const problems = [...read.problems, ...serverProblems];

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!read.settings || saving) return;
    setSaving(true);
    setFailure('');
    setServerProblems([]);
    try {
      const saved = await saveFinePolicy(policy?.id, inputOfDraft(draft, read.settings));
      onSaved(saved);
    } catch (error) {
      const fieldProblems = error instanceof ApiError ? problemsOfReply(error.details) : [];
      setServerProblems(fieldProblems);
      setFailure(messageOfFailure(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="policy-editor">
      <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
        <h3 id={headingId}>{policy ? t('settings.fine.editing', { name: policy.name }) : t('settings.fine.new')}</h3>
        {policy?.updatedBy && <p className="policy-editor__changed">{t('settings.lastChanged', { who: policy.updatedBy, when: formatDateTime(policy.updatedAt) })}</p>}
        <FinePolicyForm draft={draft} problems={problems} currency={currency} onChange={(next) => { setDraft(next); setServerProblems([]); }} />
        <div className="policy-editor__problems" role="alert">
          {failure && (
            <>
              <p className="message message--error">
                <ErrorIcon />
                {t('settings.notSaved')}
              </p>
              <ul>
                {(serverProblems.length > 0 ? serverProblems.map((problem) => `${problem.field}: ${problem.message}`) : [failure]).map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            </>
          )}
        </div>
        {mayEdit ? (
          <div className="policy-editor__actions">
            <button type="submit" className="button button--primary" disabled={saving || !read.settings}>
              {saving ? t('fees.working') : t('settings.save')}
            </button>
          </div>
        ) : (
          <p className="policy-editor__read-only">{t('settings.readOnly')}</p>
        )}
        {policy && mayEdit && (
          <div className="policy-editor__actions">
            <button type="button" className="button" onClick={() => setDeleting(true)}>
              {t('settingsArea.delete.named', { name: policy.name })}
            </button>
          </div>
        )}
      </form>
      <FinePolicyPreview settings={read.settings} currency={currency} minorDigits={minorDigits} />
      {deleting && policy && (
        <DeleteDialog
          named={t('settingsArea.delete.policy', { kind: t('settingsArea.kind.overdue-fine-policy'), name: policy.name })}
          effect={t('settingsArea.delete.policyEffect')}
          remove={() => deletePolicy('overdue-fine-policy', policy.id)}
          onDeleted={() => {
            onDeleted(policy.name);
            void queryClient.invalidateQueries({ queryKey: finePoliciesKey });
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </div>
  );
}

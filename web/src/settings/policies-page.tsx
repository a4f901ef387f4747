import { useId, useState, type FormEvent } from 'react';
import { useInstitution } from '../api/fee-queries.ts';
import { deletePolicy, savePolicy, useSettingsList, type PolicyKind, type StoredPolicy } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { minorDigitsOf } from '../fees/money-entry.ts';
import type { MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/translate.ts';
import { DeleteDialog } from './delete-dialog.tsx';
import { FixedSchedulePreview } from './fixed-schedule-preview.tsx';
import { LoanPolicyPreview } from './loan-policy-preview.tsx';
import { draftOfSettings, settingsOfPolicyDraft } from './policy-draft.ts';
import { PolicyFields } from './policy-fields.tsx';
import { policyShapes } from './policy-shapes.ts';
import { SaveActions, useMay, useSave } from './settings-save.tsx';
import { TextSetting } from './setting-fields.tsx';

const headingOf: Record<PolicyKind, MessageKey> = {
  'loan-policy': 'settingsArea.nav.loanPolicies',
  'request-policy': 'settingsArea.nav.requestPolicies',
  'lost-item-policy': 'settingsArea.nav.lostItemPolicies',
  'notice-policy': 'settingsArea.nav.noticePolicies',
  'fixed-due-date-schedule': 'settingsArea.nav.fixedDueDateSchedules',
};

const newLabelOf: Record<PolicyKind, MessageKey> = {
  'loan-policy': 'settingsArea.newPolicy',
  'request-policy': 'settingsArea.newPolicy',
  'lost-item-policy': 'settingsArea.newPolicy',
  'notice-policy': 'settingsArea.newPolicy',
  'fixed-due-date-schedule': 'settingsArea.schedule.new',
};

const newPolicy = 'new';

/** Policies of one kind: a list, and the chosen (or a new) one in a form built from its settings' shape. */
export function PoliciesPage({ kind }: { kind: PolicyKind }) {
  const policies = useSettingsList<StoredPolicy>(`/policies/${kind}`);
  const [selected, setSelected] = useState<string | undefined>();
  const [formKey, setFormKey] = useState('');
  const [deletedNote, setDeletedNote] = useState('');
  const choose = (id: string) => {
    setSelected(id);
    setFormKey(id);
    setDeletedNote('');
  };
  const deleted = (name: string) => {
    setSelected(undefined);
    setDeletedNote(t('settingsArea.delete.done', { name }));
  };
  const headingId = useId();
  if (policies.isError) return <QueryFailure error={policies.error} onRetry={() => void policies.refetch()} />;
  const items = policies.data?.items ?? [];
  const policy = items.find((candidate) => candidate.id === selected);
  return (
    <section className="fine-policies" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(headingOf[kind])}</h2>
      <div className="fine-policies__list">
        <ul aria-label={t(headingOf[kind])}>
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
          {t(newLabelOf[kind])}
        </button>
      </div>
      {(policy || selected === newPolicy) && <PolicyEditor key={`${kind}-${formKey}`} kind={kind} policy={policy} onCreated={setSelected} onDeleted={deleted} />}
      <p role="status" className="policy-editor__saved">
        {deletedNote}
      </p>
      {!policy && selected !== newPolicy && <p className="fine-policies__hint">{t('settings.fine.choose')}</p>}
    </section>
  );
}

interface PolicyEditorProps {
  kind: PolicyKind;
  policy: StoredPolicy | undefined;
  onCreated(id: string): void;
  onDeleted(name: string): void;
}

function PolicyEditor({ kind, policy, onCreated, onDeleted }: PolicyEditorProps) {
  const institution = useInstitution();
  const minorDigits = minorDigitsOf(institution.data?.currency ?? 'USD');
  const groups = policyShapes[kind];
  const [name, setName] = useState(policy?.name ?? '');
  const [code, setCode] = useState(policy?.code ?? '');
  const [description, setDescription] = useState(policy?.description ?? '');
  const [draft, setDraft] = useState(() => draftOfSettings(groups, policy?.settings ?? defaultSettingsOf(kind), minorDigits));
  const saving = useSave();
  const mayEdit = useMay();
  const [deleting, setDeleting] = useState(false);
  const read = settingsOfPolicyDraft(groups, draft, minorDigits);
  const localProblem = (...fields: string[]) =>
    read.problems
      .filter((problem) => fields.some((field) => problem.field === field || problem.field.startsWith(`${field}.`)))
      .map((problem) => problem.message)
      .join(' ');
  const problemOf = (...fields: string[]) => [localProblem(...fields), saving.problemOf(...fields)].filter(Boolean).join(' ');
  const headingId = useId();

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!read.settings) return;
    const body = { name: name.trim(), code: code.trim(), description: description.trim() || null, settings: read.settings };
    const saved = await saving.save(
      () => savePolicy(kind, policy?.id, body),
      t('settings.saved', { name: body.name }),
    );
    if (saved && !policy) onCreated(saved.id);
  }

  return (
    <div className="policy-editor">
      <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
        <h3 id={headingId}>{policy ? t('settings.fine.editing', { name: policy.name }) : t(newLabelOf[kind])}</h3>
        {policy?.updatedBy && <p className="policy-editor__changed">{t('settings.lastChanged', { who: policy.updatedBy, when: formatDateTime(policy.updatedAt) })}</p>}
        <fieldset className="policy-form__group">
          <legend>{t('settings.fine.identity')}</legend>
          <TextSetting id="policy-name" label={t('settings.fine.name')} value={name} onValue={setName} problem={saving.problemOf('name')} />
          <TextSetting id="policy-code" label={t('settings.fine.code')} value={code} onValue={setCode} problem={saving.problemOf('code')} hint={t('settings.fine.codeHint')} />
          <TextSetting id="policy-description" label={t('settingsArea.description')} value={description} onValue={setDescription} problem={saving.problemOf('description')} />
        </fieldset>
        <PolicyFields groups={groups} draft={draft} onChange={(next) => { setDraft(next); saving.clear(); }} problemOf={problemOf} currency={institution.data?.currency ?? 'USD'} />
        <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} disabled={!read.settings} />
        {policy && mayEdit && (
          <div className="policy-editor__actions">
            <button type="button" className="button" onClick={() => setDeleting(true)}>
              {t('settingsArea.delete.named', { name: policy.name })}
            </button>
          </div>
        )}
      </form>
      {kind === 'loan-policy' && <LoanPolicyPreview settings={read.settings} />}
      {kind === 'fixed-due-date-schedule' && <FixedSchedulePreview savedCode={policy?.code} unsaved={policy !== undefined && JSON.stringify(read.settings) !== JSON.stringify(policy.settings)} />}
      {deleting && policy && (
        <DeleteDialog
          named={t('settingsArea.delete.policy', { kind: t(`settingsArea.kind.${kind}`), name: policy.name })}
          effect={t(kind === 'fixed-due-date-schedule' ? 'settingsArea.delete.scheduleEffect' : 'settingsArea.delete.policyEffect')}
          remove={() => deletePolicy(kind, policy.id)}
          onDeleted={() => onDeleted(policy.name)}
          onClose={() => setDeleting(false)}
        />
      )}
    </div>
  );
}

/** What a new policy starts from; the server fills in every other default. */
function defaultSettingsOf(kind: PolicyKind): Record<string, unknown> {
  switch (kind) {
    case 'loan-policy':
      return { loanable: true, loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } }, closedDayRule: 'end-of-next-open-day', dayLoanDueTime: 'end-of-day', renewals: { allowed: true, maxRenewals: 2, renewFrom: 'due-date', blockedWhenRequested: true } };
    case 'request-policy':
      return { allowedTypes: ['hold', 'recall', 'page'] };
    case 'lost-item-policy':
      return { chargeReplacementCost: true, refundReplacementWhenReturned: true };
    case 'notice-policy':
      return { notices: [] };
    case 'fixed-due-date-schedule':
      return { entries: [{ from: '', to: '', due: '' }] };
  }
}

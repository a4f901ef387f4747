import { useId, useState, type FormEvent } from 'react';
import { deleteCirculationRule, ruleCriteria, rulePolicies, saveCirculationRule, useSettingsList, type CirculationRule, type RuleCriterion, type RulePolicy } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';
import { DeleteDialog } from './delete-dialog.tsx';
import { criterionLabel, RuleTester } from './rule-tester.tsx';
import { useRuleVocabularies } from './rule-vocabularies.ts';
import { SaveActions, useMay, useSave } from './settings-save.tsx';
import { ChoiceSetting, TextSetting } from './setting-fields.tsx';

/** Circulation rules, most specific first, with the rule tester above them and a form to change one. */
export function CirculationRulesPage() {
  const rules = useSettingsList<CirculationRule>('/circulation-rules');
  const vocabularies = useRuleVocabularies();
  const [editing, setEditing] = useState<string | undefined>();
  const [formKey, setFormKey] = useState('');
  const [deleting, setDeleting] = useState<CirculationRule | undefined>();
  const [deletedNote, setDeletedNote] = useState('');
  const choose = (id: string) => {
    setEditing(id);
    setFormKey(id);
    setDeletedNote('');
  };
  const mayEdit = useMay();
  const headingId = useId();
  if (rules.isError) return <QueryFailure error={rules.error} onRetry={() => void rules.refetch()} />;
  const items = rules.data?.items ?? [];
  const rule = items.find((candidate) => candidate.id === editing);
  return (
    <section aria-labelledby={headingId} className="circulation-rules">
      <h2 id={headingId}>{t('settingsArea.nav.circulationRules')}</h2>
      <RuleTester vocabularies={vocabularies} />
      <div className="table-scroll">
        <table className="settings-table">
          <caption>{t('settingsArea.rules.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settingsArea.rules.name')}</th>
              <th scope="col">{t('settingsArea.rules.criteria')}</th>
              <th scope="col">{t('settingsArea.rules.policies')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('settingsArea.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((candidate) => (
              <tr key={candidate.id}>
                <th scope="row">{candidate.isFallback ? t('settingsArea.rules.fallbackName', { name: candidate.name }) : candidate.name}</th>
                <td>{criteriaText(candidate)}</td>
                <td>
                  <ul className="settings-table__list">
                    {rulePolicies.map((policy) => (
                      <li key={policy}>
                        {t(`settingsArea.rules.${policy}`)}: {candidate.policies[policy].name}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <button type="button" className="button button--quiet" onClick={() => choose(candidate.id)} aria-label={t(mayEdit ? 'settingsArea.editNamed' : 'settingsArea.viewNamed', { name: candidate.name })}>
                    {mayEdit ? t('settingsArea.edit') : t('settingsArea.view')}
                  </button>
                  {mayEdit && !candidate.isFallback && (
                    <button type="button" className="button button--quiet" onClick={() => setDeleting(candidate)} aria-label={t('settingsArea.delete.named', { name: candidate.name })}>
                      {t('settingsArea.delete.confirm')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayEdit && (
        <button type="button" className="button" onClick={() => choose('new')}>
          {t('settingsArea.rules.new')}
        </button>
      )}
      <p role="status" className="policy-editor__saved">
        {deletedNote}
      </p>
      {(rule || editing === 'new') && <RuleForm key={formKey} rule={rule} vocabularies={vocabularies} onDone={setEditing} />}
      {deleting && (
        <DeleteDialog
          named={t('settingsArea.delete.rule', { name: deleting.name })}
          effect={t('settingsArea.delete.ruleEffect')}
          remove={() => deleteCirculationRule(deleting.id)}
          onDeleted={() => {
            if (editing === deleting.id) setEditing(undefined);
            setDeletedNote(t('settingsArea.delete.done', { name: deleting.name }));
            setDeleting(undefined);
          }}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}

function criteriaText(rule: CirculationRule): string {
  const parts = [...ruleCriteria, 'library' as const, 'campus' as const]
    .map((criterion) => rule.criteria[criterion])
    .filter((named): named is NonNullable<typeof named> => Boolean(named))
    .map((named) => named.name);
  return parts.length > 0 ? parts.join(' · ') : t('settingsArea.rules.anything');
}

interface RuleFormProps {
  rule: CirculationRule | undefined;
  vocabularies: ReturnType<typeof useRuleVocabularies>;
  onDone(id: string | undefined): void;
}

function RuleForm({ rule, vocabularies, onDone }: RuleFormProps) {
  const headingId = useId();
  const [name, setName] = useState(rule?.name ?? '');
  const [criteria, setCriteria] = useState<Record<RuleCriterion, string>>(() => ({
    patronGroup: rule?.criteria.patronGroup?.id ?? '',
    materialType: rule?.criteria.materialType?.id ?? '',
    loanType: rule?.criteria.loanType?.id ?? '',
    location: rule?.criteria.location?.id ?? '',
  }));
  const [policies, setPolicies] = useState<Record<RulePolicy, string>>(() => ({
    loanPolicy: rule?.policies.loanPolicy.id ?? vocabularies.policies.loanPolicy[0]?.id ?? '',
    requestPolicy: rule?.policies.requestPolicy.id ?? vocabularies.policies.requestPolicy[0]?.id ?? '',
    overdueFinePolicy: rule?.policies.overdueFinePolicy.id ?? vocabularies.policies.overdueFinePolicy[0]?.id ?? '',
    lostItemPolicy: rule?.policies.lostItemPolicy.id ?? vocabularies.policies.lostItemPolicy[0]?.id ?? '',
    noticePolicy: rule?.policies.noticePolicy.id ?? vocabularies.policies.noticePolicy[0]?.id ?? '',
  }));
  const saving = useSave();

  async function save(event: FormEvent) {
    event.preventDefault();
    const nullable = (value: string) => value || null;
    const body = {
      name: name.trim(),
      ...(rule?.isFallback ? {} : Object.fromEntries(ruleCriteria.map((criterion) => [criterion, nullable(criteria[criterion])]))),
      ...policies,
    };
    const saved = await saving.save(
      () => saveCirculationRule(rule?.id, body),
      t('settings.saved', { name: body.name }),
    );
    if (saved && !rule) onDone(saved.id);
  }

  return (
    <form className="policy-editor__form rule-form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{rule ? t('settings.fine.editing', { name: rule.name }) : t('settingsArea.rules.new')}</h3>
      {rule?.updatedBy && <p className="policy-editor__changed">{t('settings.lastChanged', { who: rule.updatedBy, when: formatDateTime(rule.updatedAt) })}</p>}
      <TextSetting id="rule-name" label={t('settingsArea.rules.name')} value={name} onValue={setName} problem={saving.problemOf('name')} />
      <fieldset className="policy-form__group">
        <legend>{t('settingsArea.rules.criteria')}</legend>
        {rule?.isFallback && <p>{t('settingsArea.rules.fallbackHint')}</p>}
        {!rule?.isFallback &&
          ruleCriteria.map((criterion) => (
            <ChoiceSetting
              key={criterion}
              id={`rule-${criterion}`}
              label={t(criterionLabel[criterion])}
              value={criteria[criterion]}
              onValue={(value) => setCriteria({ ...criteria, [criterion]: value })}
              choices={[['', t('settingsArea.rules.any')], ...vocabularies.criteria[criterion].map((row): [string, string] => [row.id, row.name])]}
              problem={saving.problemOf(criterion)}
            />
          ))}
      </fieldset>
      <fieldset className="policy-form__group">
        <legend>{t('settingsArea.rules.policies')}</legend>
        {rulePolicies.map((policy) => (
          <ChoiceSetting
            key={policy}
            id={`rule-${policy}`}
            label={t(`settingsArea.rules.${policy}`)}
            value={policies[policy]}
            onValue={(value) => setPolicies({ ...policies, [policy]: value })}
            choices={vocabularies.policies[policy].map((row): [string, string] => [row.id, row.name])}
            problem={saving.problemOf(policy)}
          />
        ))}
      </fieldset>
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} />
    </form>
  );
}

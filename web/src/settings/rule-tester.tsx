import { useId, useState } from 'react';
import { ruleCriteria, useRuleTest, type RuleCriterion } from '../api/settings-area-queries.ts';
import { formatDateTime } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';
import type { useRuleVocabularies } from './rule-vocabularies.ts';
import { usePreviewDesk } from './loan-policy-preview.tsx';
import { ChoiceSetting } from './setting-fields.tsx';

export const criterionLabel: Record<RuleCriterion, 'settingsArea.rules.patronGroup' | 'settingsArea.rules.materialType' | 'settingsArea.rules.loanType' | 'settingsArea.rules.location'> = {
  patronGroup: 'settingsArea.rules.patronGroup',
  materialType: 'settingsArea.rules.materialType',
  loanType: 'settingsArea.rules.loanType',
  location: 'settingsArea.rules.location',
};

/** Choose a patron group, material type, loan type and location: the rule that applies, its policies and the due date of a loan made now. */
export function RuleTester({ vocabularies }: { vocabularies: ReturnType<typeof useRuleVocabularies> }) {
  const headingId = useId();
  const [question, setQuestion] = useState<Partial<Record<RuleCriterion, string>>>({});
  const complete = ruleCriteria.every((criterion) => question[criterion]);
  const [desk] = usePreviewDesk();
  const answer = useRuleTest({ ...question, ...(desk ? { servicePointId: desk.id } : {}) }, complete);
  const data = answer.data;
  return (
    <section className="rule-tester" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settingsArea.tester.heading')}</h3>
      <div className="rule-tester__inputs">
        {ruleCriteria.map((criterion) => (
          <ChoiceSetting
            key={criterion}
            id={`tester-${criterion}`}
            label={t(criterionLabel[criterion])}
            value={question[criterion] ?? ''}
            onValue={(value) => setQuestion({ ...question, [criterion]: value })}
            choices={[['', t('settingsArea.tester.choose')], ...vocabularies.criteria[criterion].map((row): [string, string] => [row.id, row.name])]}
          />
        ))}
      </div>
      <div className="rule-tester__answer" aria-live="polite">
        {!complete && <p>{t('settingsArea.tester.chooseAll')}</p>}
        {complete && answer.isError && <p className="message--error">{answer.error.message}</p>}
        {complete && data && (
          <>
            <p className="rule-tester__rule">{t('settingsArea.tester.rule', { name: data.rule.name })}</p>
            <dl className="details">
              {(['loanPolicy', 'requestPolicy', 'overdueFinePolicy', 'lostItemPolicy', 'noticePolicy'] as const).map((policy) => (
                <div key={policy} className="details__row">
                  <dt>{t(`settingsArea.rules.${policy}`)}</dt>
                  <dd>{data[policy].name}</dd>
                </div>
              ))}
            </dl>
            {data.dueDatePreview && (
              <p className="rule-tester__due">
                {data.dueDatePreview.dueAt ? t('settingsArea.tester.due', { due: formatDateTime(data.dueDatePreview.dueAt, desk?.timeZone), desk: desk?.name ?? '' }) : t('settingsArea.tester.noDue')}
              </p>
            )}
            <details>
              <summary>{t('settingsArea.tester.why')}</summary>
              <ol>
                {[...data.explanation, ...(data.dueDatePreview?.explanation ?? [])].map((step, index) => (
                  <li key={index}>{step}</li>
                ))}
              </ol>
            </details>
          </>
        )}
      </div>
    </section>
  );
}

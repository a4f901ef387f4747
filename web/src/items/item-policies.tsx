import { useState } from 'react';
import { usePatronGroups, useRuleTest } from '../api/patron-account-queries.ts';
import { DetailsList } from '../common/details-list.tsx';
import { ErrorIcon, Loading } from '../common/query-status.tsx';
import { formatDueDate } from '../desk/desk-formats.ts';
import { t } from '../i18n/translate.ts';

/** The rule tester's answer for this item and a patron group the desk picks: which rule, which policies, and why. */
export function ItemPolicies({ itemBarcode, permissions }: { itemBarcode: string; permissions: Set<string> }) {
  const allowed = permissions.has('settings.read') && permissions.has('patrons.read');
  const groups = usePatronGroups(allowed);
  const [chosen, setChosen] = useState('');
  const groupId = chosen || groups.data?.items[0]?.id || '';
  const answer = useRuleTest(itemBarcode, allowed ? groupId : '');
  const data = answer.data;
  return (
    <section className="panel" aria-labelledby="item-policies">
      <h2 id="item-policies">{t('itemRecord.policies')}</h2>
      {!allowed ? (
        <p className="hint">{t('account.needsPermission', { permission: 'settings.read' })}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="policy-patron-group">{t('itemRecord.forGroup')}</label>
            <select id="policy-patron-group" value={groupId} onChange={(event) => setChosen(event.target.value)}>
              {(groups.data?.items ?? []).map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </div>
          <div aria-live="polite" className="item-policies__answer">
            {answer.isFetching && !data && <Loading />}
            {answer.isError && (
              <p className="message message--error">
                <ErrorIcon />
                {answer.error.message}
              </p>
            )}
            {data && (
              <>
                <DetailsList
                  rows={[
                    [t('itemRecord.rule'), data.rule.name],
                    [t('itemRecord.loanPolicy'), data.loanPolicy.name],
                    [t('itemRecord.requestPolicy'), data.requestPolicy.name],
                    [t('itemRecord.finePolicy'), data.overdueFinePolicy.name],
                    [t('itemRecord.lostPolicy'), data.lostItemPolicy.name],
                    [t('itemRecord.noticePolicy'), data.noticePolicy.name],
                    [t('itemRecord.dueIfToday'), data.dueDatePreview?.dueAt ? formatDueDate(data.dueDatePreview.dueAt) : (data.dueDatePreview?.explanation[0] ?? t('itemRecord.noPreview'))],
                  ]}
                />
                {data.explanation.length > 0 && (
                  <ul className="item-policies__why" aria-label={t('itemRecord.why')}>
                    {data.explanation.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { useInstitution } from '../api/fee-queries.ts';
import { saveBursarRules, useBursarDryRun, useLastChange, useSettingsList, type BursarRule, type Named } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { formatMoney, formatNumber, t } from '../i18n/translate.ts';
import { SaveActions, useMay, useSave } from './settings-save.tsx';

interface GroupDraft {
  enabled: boolean;
  days: string;
}

/** Which patron groups' open fees go to the bursar, and how old a fee must be; a dry run beside it. */
export function BursarTransferPage() {
  const groups = useSettingsList<Named>('/patron-groups');
  const rules = useSettingsList<BursarRule>('/bursar/rules');
  const headingId = useId();
  if (groups.isError) return <QueryFailure error={groups.error} onRetry={() => void groups.refetch()} />;
  if (rules.isError) return <QueryFailure error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <section aria-labelledby={headingId} className="bursar-rules">
      <h2 id={headingId}>{t('settingsArea.nav.bursarTransfer')}</h2>
      <p>{t('settingsArea.bursar.intro')}</p>
      {groups.data && rules.data ? <BursarRulesForm groups={groups.data.items} rules={rules.data.items} /> : <p>{t('app.loading')}</p>}
      <BursarDryRunPreview />
    </section>
  );
}

function BursarRulesForm({ groups, rules }: { groups: Named[]; rules: BursarRule[] }) {
  const mayReadAudit = useMay('audit.read');
  const lastChange = useLastChange('bursar_rule', mayReadAudit);
  const saving = useSave();
  const [drafts, setDrafts] = useState<Record<string, GroupDraft>>(() =>
    Object.fromEntries(
      groups.map((group) => {
        const rule = rules.find((candidate) => candidate.patronGroupId === group.id);
        return [group.id, { enabled: rule?.enabled ?? false, days: rule ? String(rule.minAgeDays) : '' }];
      }),
    ),
  );
  const change = (groupId: string, part: Partial<GroupDraft>) => {
    setDrafts({ ...drafts, [groupId]: { ...(drafts[groupId] as GroupDraft), ...part } });
    saving.clear();
  };
  const problemOf = (groupId: string): string => {
    const draft = drafts[groupId];
    if (!draft || (!draft.enabled && !draft.days.trim())) return '';
    return /^\d{1,4}$/.test(draft.days.trim()) && Number(draft.days) <= 3650 ? '' : t('settingsArea.bursar.daysInvalid');
  };
  const invalid = groups.some((group) => problemOf(group.id) !== '');
  const changed = lastChange.data?.items[0];

  async function save(event: FormEvent) {
    event.preventDefault();
    if (invalid) return;
    // A group with a rule already is sent even when switched off; others only once switched on.
    const stored = new Set(rules.map((rule) => rule.patronGroupId));
    const body = {
      rules: groups
        .map((group) => ({ group, draft: drafts[group.id] as GroupDraft }))
        .filter(({ group, draft }) => draft.enabled || stored.has(group.id))
        .map(({ group, draft }) => ({ patronGroupId: group.id, enabled: draft.enabled, minAgeDays: Number(draft.days.trim() || 0) })),
    };
    await saving.save(() => saveBursarRules(body), t('settingsArea.bursar.saved'));
  }

  return (
    <form className="policy-editor__form" onSubmit={save} noValidate aria-label={t('settingsArea.bursar.rules')}>
      {changed && <p className="policy-editor__changed">{t('settings.lastChanged', { who: changed.actor.name ?? '', when: formatDateTime(changed.occurredAt) })}</p>}
      <div className="table-scroll">
        <table className="settings-table">
          <caption>{t('settingsArea.bursar.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settingsArea.rules.patronGroup')}</th>
              <th scope="col">{t('settingsArea.bursar.send')}</th>
              <th scope="col">{t('settingsArea.bursar.days')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => {
              const draft = drafts[group.id] as GroupDraft;
              const problem = problemOf(group.id);
              const problemId = `bursar-${group.id}-problem`;
              return (
                <tr key={group.id}>
                  <th scope="row">{group.name}</th>
                  <td>
                    <input type="checkbox" aria-label={t('settingsArea.bursar.sendGroup', { name: group.name })} checked={draft.enabled} onChange={(event) => change(group.id, { enabled: event.target.checked })} />
                  </td>
                  <td>
                    <input
                      type="text"
                      inputMode="numeric"
                      aria-label={t('settingsArea.bursar.daysOf', { name: group.name })}
                      value={draft.days}
                      onChange={(event) => change(group.id, { days: event.target.value })}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? problemId : undefined}
                      size={6}
                    />
                    {problem && (
                      <span id={problemId} className="field__problem">
                        {problem}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} disabled={invalid} readOnlyReason="settingsArea.bursar.readOnly" />
    </form>
  );
}

/** What a transfer made now would send under the rules as saved: nothing is sent. */
function BursarDryRunPreview() {
  const headingId = useId();
  const institution = useInstitution();
  const dryRun = useBursarDryRun();
  const currency = institution.data?.currency ?? 'USD';
  return (
    <section className="policy-preview" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settings.preview.heading')}</h3>
      <div className="fee-preview" aria-live="polite">
        {dryRun.isError && <p className="message--error">{dryRun.error.message}</p>}
        {dryRun.data && (
          <p className="fee-preview__after">
            {dryRun.data.lines.length === 0
              ? t('settingsArea.bursar.previewNone')
              : t(dryRun.data.lines.length === 1 ? 'settingsArea.bursar.previewOne' : 'settingsArea.bursar.preview', { count: formatNumber(dryRun.data.lines.length), amount: formatMoney(dryRun.data.totalCents, currency) })}
          </p>
        )}
      </div>
    </section>
  );
}

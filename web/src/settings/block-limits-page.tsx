import { useId, useState, type FormEvent } from 'react';
import { useInstitution } from '../api/fee-queries.ts';
import { saveGroupLimits, useSettingsList, type PatronGroupLimits, type Vocabulary } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { minorDigitsOf, moneyEntryOf } from '../fees/money-entry.ts';
import { t } from '../i18n/translate.ts';
import { parseMoneyOrZero } from './fine-policy-draft.ts';
import { SaveActions, useSave } from './settings-save.tsx';
import { ChoiceSetting, TextSetting } from './setting-fields.tsx';

const countLimits = ['maxLoans', 'maxOverdueItems', 'maxOverdueRecalls', 'maxLostItems'] as const;
type CountLimit = (typeof countLimits)[number];

/** Automated patron blocks: per patron group, how many loans, overdues, recalls, lost items and how much owed before borrowing stops. */
export function BlockLimitsPage() {
  const groups = useSettingsList<Vocabulary>('/patron-groups');
  const limits = useSettingsList<PatronGroupLimits>('/patron-group-limits');
  const [chosen, setChosen] = useState('');
  const headingId = useId();
  if (groups.isError) return <QueryFailure error={groups.error} onRetry={() => void groups.refetch()} />;
  const items = groups.data?.items ?? [];
  const groupId = chosen || items[0]?.id || '';
  const current = limits.data?.items.find((row) => row.patronGroupId === groupId);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settingsArea.nav.blockLimits')}</h2>
      <ChoiceSetting id="limits-group" label={t('settingsArea.rules.patronGroup')} value={groupId} onValue={setChosen} choices={items.map((group): [string, string] => [group.id, group.name])} />
      {groupId && limits.data && <LimitsForm key={groupId} groupId={groupId} limits={current} />}
    </section>
  );
}

function LimitsForm({ groupId, limits }: { groupId: string; limits: PatronGroupLimits | undefined }) {
  const institution = useInstitution();
  const currency = institution.data?.currency ?? 'USD';
  const minorDigits = minorDigitsOf(currency);
  const headingId = useId();
  const [counts, setCounts] = useState<Record<CountLimit, string>>(() => ({
    maxLoans: limits?.maxLoans?.toString() ?? '',
    maxOverdueItems: limits?.maxOverdueItems?.toString() ?? '',
    maxOverdueRecalls: limits?.maxOverdueRecalls?.toString() ?? '',
    maxLostItems: limits?.maxLostItems?.toString() ?? '',
  }));
  const [balance, setBalance] = useState(limits?.maxFeeBalanceCents === null || limits?.maxFeeBalanceCents === undefined ? '' : moneyEntryOf(limits.maxFeeBalanceCents, minorDigits));
  const saving = useSave();
  const bad = (text: string) => text.trim() !== '' && !/^\d+$/.test(text.trim());
  const balanceCents = balance.trim() ? parseMoneyOrZero(balance, minorDigits) : null;
  const unreadable = countLimits.some((name) => bad(counts[name])) || balanceCents === undefined;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (unreadable) return;
    const body = {
      ...Object.fromEntries(countLimits.map((name) => [name, counts[name].trim() ? Number(counts[name].trim()) : null])),
      maxLoansPerMaterialType: limits?.maxLoansPerMaterialType ?? {},
      maxFeeBalanceCents: balanceCents,
    };
    await saving.save(() => saveGroupLimits(groupId, body), t('settingsArea.limits.saved'));
  }

  return (
    <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{t('settingsArea.limits.heading')}</h3>
      {limits?.updatedBy && limits.updatedAt && <p className="policy-editor__changed">{t('settings.lastChanged', { who: limits.updatedBy, when: formatDateTime(limits.updatedAt) })}</p>}
      {countLimits.map((name) => (
        <TextSetting
          key={name}
          id={`limit-${name}`}
          label={t(`settingsArea.limits.${name}`)}
          value={counts[name]}
          onValue={(value) => setCounts({ ...counts, [name]: value })}
          inputMode="numeric"
          hint={t('settingsArea.blankMeans', { meaning: t('settingsArea.noLimit') })}
          problem={bad(counts[name]) ? t('settingsArea.wholeNumber') : saving.problemOf(name)}
        />
      ))}
      <TextSetting
        id="limit-balance"
        label={t('settingsArea.limits.maxFeeBalance')}
        value={balance}
        onValue={setBalance}
        inputMode="decimal"
        hint={`${t('settings.inCurrency', { currency })}. ${t('settingsArea.blankMeans', { meaning: t('settingsArea.noLimit') })}`}
        problem={balanceCents === undefined ? t('settings.moneyInvalid') : saving.problemOf('maxFeeBalanceCents')}
      />
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} disabled={unreadable} />
    </form>
  );
}

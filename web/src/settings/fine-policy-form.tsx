import { t } from '../i18n/translate.ts';
import type { FieldProblem, FinePolicyDraft } from './fine-policy-draft.ts';
import { CheckSetting, ChoiceSetting, TextSetting } from './setting-fields.tsx';

interface FinePolicyFormProps {
  draft: FinePolicyDraft;
  problems: FieldProblem[];
  currency: string;
  onChange(draft: FinePolicyDraft): void;
}

/** Every setting of an overdue fine policy, each with its label and, under it, what is wrong with it. */
export function FinePolicyForm({ draft, problems, currency, onChange }: FinePolicyFormProps) {
  const set = <K extends keyof FinePolicyDraft>(name: K) => (value: FinePolicyDraft[K]) => onChange({ ...draft, [name]: value });
  const problemOf = (...fields: string[]) => problems.filter((problem) => fields.includes(problem.field)).map((problem) => problem.message).join(' ');
  const money = t('settings.inCurrency', { currency });
  return (
    <div className="policy-form">
      <fieldset className="policy-form__group">
        <legend>{t('settings.fine.identity')}</legend>
        <TextSetting id="fine-name" label={t('settings.fine.name')} value={draft.name} onValue={set('name')} problem={problemOf('name')} />
        <TextSetting id="fine-code" label={t('settings.fine.code')} value={draft.code} onValue={set('code')} problem={problemOf('code')} hint={t('settings.fine.codeHint')} />
      </fieldset>
      <fieldset className="policy-form__group">
        <legend>{t('settings.fine.rate')}</legend>
        <TextSetting id="fine-amount" label={t('settings.fine.amount')} value={draft.amount} onValue={set('amount')} problem={problemOf('settings.amountCents')} hint={money} inputMode="decimal" />
        <TextSetting id="fine-interval" label={t('settings.fine.interval')} value={draft.interval} onValue={set('interval')} problem={problemOf('settings.interval')} inputMode="numeric" />
        <ChoiceSetting
          id="fine-interval-unit"
          label={t('settings.fine.intervalUnit')}
          value={draft.intervalUnit}
          onValue={(value) => set('intervalUnit')(value as FinePolicyDraft['intervalUnit'])}
          choices={[
            ['days', t('settings.fine.days')],
            ['hours', t('settings.fine.hours')],
          ]}
        />
        <ChoiceSetting
          id="fine-charge-at"
          label={t('settings.fine.chargeAt')}
          value={draft.chargeAt}
          onValue={(value) => set('chargeAt')(value as FinePolicyDraft['chargeAt'])}
          choices={[
            ['start', t('settings.fine.chargeAtStart')],
            ['end', t('settings.fine.chargeAtEnd')],
          ]}
        />
      </fieldset>
      <fieldset className="policy-form__group">
        <legend>{t('settings.fine.gracePeriod')}</legend>
        <TextSetting id="fine-grace" label={t('settings.fine.grace')} value={draft.grace} onValue={set('grace')} problem={problemOf('settings.graceDays', 'settings.graceHours')} inputMode="decimal" />
        <ChoiceSetting
          id="fine-grace-unit"
          label={t('settings.fine.graceUnit')}
          value={draft.graceUnit}
          onValue={(value) => set('graceUnit')(value as FinePolicyDraft['graceUnit'])}
          choices={[
            ['days', t('settings.fine.days')],
            ['hours', t('settings.fine.hours')],
          ]}
        />
        <CheckSetting id="fine-grace-counts" label={t('settings.fine.graceCountsOnceExceeded')} checked={draft.graceCountsOnceExceeded} onChecked={set('graceCountsOnceExceeded')} />
      </fieldset>
      <fieldset className="policy-form__group">
        <legend>{t('settings.fine.limits')}</legend>
        <TextSetting id="fine-max" label={t('settings.fine.maxFine')} value={draft.maxFine} onValue={set('maxFine')} problem={problemOf('settings.maxFineCents')} hint={t('settings.fine.zeroNoMaximum')} inputMode="decimal" />
        <CheckSetting id="fine-cap" label={t('settings.fine.capAtReplacementCost')} checked={draft.capAtReplacementCost} onChecked={set('capAtReplacementCost')} />
        <CheckSetting id="fine-closed-days" label={t('settings.fine.countClosedDays')} checked={draft.countClosedDays} onChecked={set('countClosedDays')} />
        <CheckSetting id="fine-forgive" label={t('settings.fine.forgiveOnRenewal')} checked={draft.forgiveOnRenewal} onChecked={set('forgiveOnRenewal')} />
      </fieldset>
      <fieldset className="policy-form__group">
        <legend>{t('settings.fine.recalls')}</legend>
        <CheckSetting id="fine-recall" label={t('settings.fine.recallRate')} checked={draft.recallRate} onChecked={set('recallRate')} />
        {draft.recallRate && (
          <>
            <TextSetting id="fine-recall-amount" label={t('settings.fine.recallAmount')} value={draft.recallAmount} onValue={set('recallAmount')} problem={problemOf('settings.recall.amountCents', 'settings.recall')} hint={money} inputMode="decimal" />
            <TextSetting id="fine-recall-max" label={t('settings.fine.recallMaxFine')} value={draft.recallMaxFine} onValue={set('recallMaxFine')} problem={problemOf('settings.recall.maxFineCents')} hint={t('settings.fine.zeroNoMaximum')} inputMode="decimal" />
          </>
        )}
      </fieldset>
    </div>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { useInstitution } from '../api/fee-queries.ts';
import type { Schemas } from '../api/api-shapes.ts';
import { addFeeType, addWaiverReason, setActive, useSettingsList, type FeeType, type Vocabulary } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { minorDigitsOf } from '../fees/money-entry.ts';
import { formatMoney, t } from '../i18n/translate.ts';
import { parseMoneyOrZero } from './fine-policy-draft.ts';
import { choiceWord } from './policy-fields.tsx';
import { SaveActions, useMay, useSave } from './settings-save.tsx';
import { ChoiceSetting, TextSetting } from './setting-fields.tsx';

const feeKinds: Schemas['FeeTypeKind'][] = ['manual', 'damaged-item', 'overdue-fine', 'lost-item-replacement', 'lost-item-processing', 'booking-late-fee'];

/** Fee types and waiver reasons: add one, or take one out of use (what was charged or waived keeps it). */
export function FeeTypesPage() {
  const feeTypes = useSettingsList<FeeType>('/fee-types');
  const reasons = useSettingsList<Vocabulary & { active: boolean }>('/waiver-reasons');
  const institution = useInstitution();
  const currency = institution.data?.currency ?? 'USD';
  const mayEdit = useMay();
  const saving = useSave();
  const feeHeading = useId();
  const reasonHeading = useId();
  if (feeTypes.isError) return <QueryFailure error={feeTypes.error} onRetry={() => void feeTypes.refetch()} />;

  const toggle = (path: '/fee-types' | '/waiver-reasons', row: { id: string; name: string; active: boolean }) =>
    void saving.save(() => setActive(path, row.id, !row.active), t(row.active ? 'settingsArea.fees.deactivated' : 'settingsArea.fees.reactivated', { name: row.name }));

  return (
    <div className="fee-settings">
      <section aria-labelledby={feeHeading}>
        <h2 id={feeHeading}>{t('settingsArea.fees.feeTypes')}</h2>
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">{t('settingsArea.name')}</th>
              <th scope="col">{t('settingsArea.code')}</th>
              <th scope="col">{t('settingsArea.fees.kind')}</th>
              <th scope="col" className="number">{t('settingsArea.fees.defaultAmount')}</th>
              <th scope="col">{t('settingsArea.fees.inUse')}</th>
            </tr>
          </thead>
          <tbody>
            {(feeTypes.data?.items ?? []).map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.name}</th>
                <td>{row.code}</td>
                <td>{choiceWord(row.kind)}</td>
                <td className="number">{formatMoney(row.defaultAmountCents, currency)}</td>
                <td>
                  {row.active ? t('settingsArea.yes') : t('settingsArea.no')}{' '}
                  {mayEdit && (
                    <button type="button" className="button button--quiet" onClick={() => toggle('/fee-types', row)}>
                      {t(row.active ? 'settingsArea.fees.deactivate' : 'settingsArea.fees.reactivate', { name: row.name })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {mayEdit && <NewFeeTypeForm currency={currency} />}
      </section>
      <section aria-labelledby={reasonHeading}>
        <h2 id={reasonHeading}>{t('settingsArea.fees.waiverReasons')}</h2>
        <ul className="closures__list">
          {(reasons.data?.items ?? []).map((row) => (
            <li key={row.id}>
              <span>
                {row.name} ({row.code}){row.active ? '' : ` — ${t('settingsArea.fees.notInUse')}`}
              </span>
              {mayEdit && (
                <button type="button" className="button button--quiet" onClick={() => toggle('/waiver-reasons', row)}>
                  {t(row.active ? 'settingsArea.fees.deactivate' : 'settingsArea.fees.reactivate', { name: row.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
        {mayEdit && <NewWaiverReasonForm />}
      </section>
      <p role="status" className="policy-editor__saved">
        {saving.note || saving.failure}
      </p>
      {!mayEdit && <p className="policy-editor__read-only">{t('settings.readOnly')}</p>}
    </div>
  );
}

function NewFeeTypeForm({ currency }: { currency: string }) {
  const headingId = useId();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<Schemas['FeeTypeKind']>('manual');
  const [amount, setAmount] = useState('');
  const saving = useSave();
  const cents = amount.trim() ? parseMoneyOrZero(amount, minorDigitsOf(currency)) : null;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (cents === undefined) return;
    const body = { name: name.trim(), code: code.trim(), kind, defaultAmountCents: cents || null };
    if (await saving.save(() => addFeeType(body), t('settings.saved', { name: body.name }))) {
      setName('');
      setCode('');
      setAmount('');
    }
  }

  return (
    <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{t('settingsArea.fees.newFeeType')}</h3>
      <TextSetting id="fee-type-name" label={t('settingsArea.name')} value={name} onValue={setName} problem={saving.problemOf('name')} />
      <TextSetting id="fee-type-code" label={t('settingsArea.code')} value={code} onValue={setCode} problem={saving.problemOf('code')} />
      <ChoiceSetting id="fee-type-kind" label={t('settingsArea.fees.kind')} value={kind} onValue={(value) => setKind(value as Schemas['FeeTypeKind'])} choices={feeKinds.map((value): [string, string] => [value, choiceWord(value)])} />
      <TextSetting id="fee-type-amount" label={t('settingsArea.fees.defaultAmount')} value={amount} onValue={setAmount} inputMode="decimal" hint={t('settings.inCurrency', { currency })} problem={cents === undefined ? t('settings.moneyInvalid') : saving.problemOf('defaultAmountCents')} />
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} label={t('settingsArea.fees.addFeeType')} />
    </form>
  );
}

function NewWaiverReasonForm() {
  const headingId = useId();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const saving = useSave();

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = { name: name.trim(), code: code.trim() };
    if (await saving.save(() => addWaiverReason(body), t('settings.saved', { name: body.name }))) {
      setName('');
      setCode('');
    }
  }

  return (
    <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{t('settingsArea.fees.newWaiverReason')}</h3>
      <TextSetting id="waiver-reason-name" label={t('settingsArea.fees.reasonName')} value={name} onValue={setName} problem={saving.problemOf('name')} />
      <TextSetting id="waiver-reason-code" label={t('settingsArea.fees.reasonCode')} value={code} onValue={setCode} problem={saving.problemOf('code')} />
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} label={t('settingsArea.fees.addWaiverReason')} />
    </form>
  );
}

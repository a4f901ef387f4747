import { ErrorIcon } from '../common/query-status.tsx';
import { useId } from 'react';
import { slipSizes, useSlipSize } from '../frame/slip-size.ts';
import { t } from '../i18n/translate.ts';

/** The sound a refusal makes, on or off for this desk. */
export function SoundSetting({ soundOn, onChange }: { soundOn: boolean; onChange(on: boolean): void }) {
  return (
    <div className="field field--check desk__sound">
      <input id="refusal-sound" type="checkbox" checked={soundOn} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor="refusal-sound">{t('desk.soundOnRefusal')}</label>
    </div>
  );
}

/** The paper this computer prints slips and receipts on, chosen once per desk. */
export function SlipSizeSetting() {
  const [size, setSize] = useSlipSize();
  const id = useId();
  return (
    <div className="field field--inline desk__slip-size">
      <label htmlFor={id}>{t('desk.slipSize')}</label>
      <select id={id} value={size} onChange={(event) => setSize(event.target.value as typeof size)}>
        {slipSizes.map((option) => (
          <option key={option} value={option}>
            {t(`desk.slipSize.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Transactions need a desk: the header's picker is where it is chosen. */
export function NoServicePoint() {
  return (
    <p className="message message--error" role="alert">
      <ErrorIcon />
      {t('desk.noServicePoint')}
    </p>
  );
}

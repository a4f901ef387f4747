import { ErrorIcon } from '../common/query-status.tsx';
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

/** Transactions need a desk: the header's picker is where it is chosen. */
export function NoServicePoint() {
  return (
    <p className="message message--error" role="alert">
      <ErrorIcon />
      {t('desk.noServicePoint')}
    </p>
  );
}

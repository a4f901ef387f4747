import { useState, type FormEvent } from 'react';
import { holdSlipFormats, saveRequestSettings, useRequestSettings, useRequestsChanged, type HoldSlipFormat } from '../api/request-queries.ts';
import { ActionFailure, QueryStatus, messageOfFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';

/** Settings → Hold slips: how the slip in a held item names the patron, with an example of each format. */
export function HoldSlipSettingsPage() {
  const { session } = useSession();
  const mayEdit = session.staff.permissions.includes('settings.edit');
  const settings = useRequestSettings();
  const changed = useRequestsChanged();
  const [chosen, setChosen] = useState<HoldSlipFormat | null>(null);
  const [said, setSaid] = useState('');
  const [failure, setFailure] = useState('');
  const current = chosen ?? settings.data?.holdSlipFormat ?? 'initials-and-last-four';

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaid('');
    setFailure('');
    try {
      await saveRequestSettings({ holdSlipFormat: current });
      await changed();
      setSaid(t('requests.settings.saved'));
    } catch (error) {
      setFailure(messageOfFailure(error));
    }
  }

  return (
    <section aria-labelledby="hold-slip-settings-heading">
      <h2 id="hold-slip-settings-heading">{t('requests.settings.heading')}</h2>
      <QueryStatus query={settings} />
      {settings.data && (
        <form onSubmit={save} className="panel">
          <fieldset className="hold-slip-formats" disabled={!mayEdit}>
            <legend>{t('requests.settings.format')}</legend>
            {holdSlipFormats.map((format) => (
              <div key={format} className="field field--check">
                <input type="radio" id={`hold-slip-${format}`} name="hold-slip-format" value={format} checked={current === format} onChange={() => setChosen(format)} />
                <label htmlFor={`hold-slip-${format}`}>
                  {t(`requests.settings.format.${format}`)} <span className="barcode requests__meta">{t(`requests.settings.example.${format}`)}</span>
                </label>
              </div>
            ))}
          </fieldset>
          {!mayEdit && <p className="hint">{t('requests.settings.readOnly')}</p>}
          <p className="message" role="status">
            {said}
          </p>
          <ActionFailure message={failure} />
          {mayEdit && (
            <button type="submit" className="button button--primary">
              {t('requests.settings.save')}
            </button>
          )}
        </form>
      )}
    </section>
  );
}

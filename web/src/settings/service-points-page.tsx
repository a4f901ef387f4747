import { useId, useState, type FormEvent } from 'react';
import { saveServicePoint, useSettingsList, type Location, type ServicePoint } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { SaveActions, useMay, useSave } from './settings-save.tsx';
import { CheckSetting, TextSetting } from './setting-fields.tsx';

/** Service points (desks): name, code, pickup, hold shelf days, time zone and the locations each serves. */
export function ServicePointsPage() {
  const servicePoints = useSettingsList<ServicePoint>('/service-points', { limit: 500 });
  const [selected, setSelected] = useState<string | undefined>();
  const [formKey, setFormKey] = useState('');
  const choose = (id: string) => {
    setSelected(id);
    setFormKey(id);
  };
  const mayEdit = useMay('org.edit');
  const headingId = useId();
  if (servicePoints.isError) return <QueryFailure error={servicePoints.error} onRetry={() => void servicePoints.refetch()} />;
  const items = servicePoints.data?.items ?? [];
  const servicePoint = items.find((candidate) => candidate.id === selected);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settingsArea.nav.servicePoints')}</h2>
      <div className="table-scroll">
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">{t('settingsArea.name')}</th>
              <th scope="col">{t('settingsArea.code')}</th>
              <th scope="col">{t('settingsArea.servicePoints.pickup')}</th>
              <th scope="col" className="number">{t('settingsArea.servicePoints.holdShelfDays')}</th>
              <th scope="col">{t('settingsArea.servicePoints.timeZone')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('settingsArea.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((candidate) => (
              <tr key={candidate.id}>
                <th scope="row">{candidate.name}</th>
                <td>{candidate.code}</td>
                <td>{candidate.isPickupPoint ? t('settingsArea.yes') : t('settingsArea.no')}</td>
                <td className="number">{candidate.holdShelfExpiryDays}</td>
                <td>{candidate.timeZone}</td>
                <td>
                  <button type="button" className="button button--quiet" onClick={() => choose(candidate.id)} aria-label={t(mayEdit ? 'settingsArea.editNamed' : 'settingsArea.viewNamed', { name: candidate.name })}>
                    {mayEdit ? t('settingsArea.edit') : t('settingsArea.view')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayEdit && (
        <button type="button" className="button" onClick={() => choose('new')}>
          {t('settingsArea.servicePoints.new')}
        </button>
      )}
      {(servicePoint || selected === 'new') && <ServicePointForm key={formKey} servicePoint={servicePoint} onCreated={setSelected} />}
    </section>
  );
}

function ServicePointForm({ servicePoint, onCreated }: { servicePoint: ServicePoint | undefined; onCreated(id: string): void }) {
  const locations = useSettingsList<Location>('/locations', { limit: 500 });
  const [name, setName] = useState(servicePoint?.name ?? '');
  const [code, setCode] = useState(servicePoint?.code ?? '');
  const [pickup, setPickup] = useState(servicePoint?.isPickupPoint ?? true);
  const [days, setDays] = useState(String(servicePoint?.holdShelfExpiryDays ?? 7));
  const [timeZone, setTimeZone] = useState(servicePoint?.ownTimeZone ?? '');
  const [served, setServed] = useState<string[]>(servicePoint?.locationIds ?? []);
  const saving = useSave();
  const headingId = useId();
  const daysNumber = /^\d+$/.test(days.trim()) ? Number(days.trim()) : undefined;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (daysNumber === undefined) return;
    const body = { name: name.trim(), code: code.trim(), isPickupPoint: pickup, holdShelfExpiryDays: daysNumber, timeZone: timeZone.trim() || null, locationIds: served };
    const saved = await saving.save(
      () => saveServicePoint(servicePoint?.id, body),
      t('settings.saved', { name: body.name }),
    );
    if (saved && !servicePoint) onCreated(saved.id);
  }

  return (
    <form className="policy-editor__form" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{servicePoint ? t('settings.fine.editing', { name: servicePoint.name }) : t('settingsArea.servicePoints.new')}</h3>
      <TextSetting id="sp-name" label={t('settingsArea.name')} value={name} onValue={setName} problem={saving.problemOf('name')} />
      <TextSetting id="sp-code" label={t('settingsArea.code')} value={code} onValue={setCode} problem={saving.problemOf('code')} hint={t('settings.fine.codeHint')} />
      <CheckSetting id="sp-pickup" label={t('settingsArea.servicePoints.isPickupPoint')} checked={pickup} onChecked={setPickup} />
      <TextSetting
        id="sp-days"
        label={t('settingsArea.servicePoints.holdShelfDays')}
        value={days}
        onValue={setDays}
        inputMode="numeric"
        problem={daysNumber === undefined ? t('settingsArea.wholeNumber') : saving.problemOf('holdShelfExpiryDays')}
      />
      <TextSetting id="sp-zone" label={t('settingsArea.servicePoints.timeZone')} value={timeZone} onValue={setTimeZone} problem={saving.problemOf('timeZone')} hint={t('settingsArea.servicePoints.timeZoneHint')} />
      <fieldset className="policy-form__choices">
        <legend>{t('settingsArea.servicePoints.locationsServed')}</legend>
        {(locations.data?.items ?? []).map((location) => (
          <CheckSetting
            key={location.id}
            id={`sp-location-${location.id}`}
            label={`${location.name} (${location.library.name})`}
            checked={served.includes(location.id)}
            onChecked={(on) => setServed(on ? [...served, location.id] : served.filter((id) => id !== location.id))}
          />
        ))}
      </fieldset>
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} disabled={daysNumber === undefined} permission="org.edit" />
    </form>
  );
}

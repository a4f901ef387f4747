import { useId, useState, type FormEvent } from 'react';
import { addCalendarException, removeCalendarException, useServicePointCalendar, useSettingsList, type CalendarException, type ServicePoint, type ServicePointCalendar } from '../api/settings-area-queries.ts';
import { QueryFailure } from '../common/query-status.tsx';
import { formatDate, t } from '../i18n/translate.ts';
import { todayAsInputValue } from '../desk/desk-formats.ts';
import { MonthCalendar, shiftMonth } from './month-calendar.tsx';
import { SaveActions, useMay, useSave } from './settings-save.tsx';
import { ChoiceSetting, TextSetting } from './setting-fields.tsx';
import { WeeklyHoursForm } from './weekly-hours-form.tsx';

/** A service point's calendar: the month as it will be, the weekly hours, and closures to add or remove. */
export function CalendarPage() {
  const servicePoints = useSettingsList<ServicePoint>('/service-points', { limit: 500 });
  const [chosen, setChosen] = useState('');
  const [month, setMonth] = useState(() => todayAsInputValue().slice(0, 7));
  const headingId = useId();
  const items = servicePoints.data?.items ?? [];
  const servicePointId = chosen || items[0]?.id || '';
  const calendar = useServicePointCalendar(servicePointId || undefined);
  if (servicePoints.isError) return <QueryFailure error={servicePoints.error} onRetry={() => void servicePoints.refetch()} />;
  return (
    <section aria-labelledby={headingId} className="calendar-settings">
      <h2 id={headingId}>{t('settingsArea.nav.calendars')}</h2>
      <ChoiceSetting id="calendar-service-point" label={t('settingsArea.calendar.servicePoint')} value={servicePointId} onValue={setChosen} choices={items.map((item): [string, string] => [item.id, item.name])} />
      {servicePointId && (
        <>
          <div className="calendar-settings__month">
            <div className="calendar-settings__month-nav">
              <button type="button" className="button" onClick={() => setMonth(shiftMonth(month, -1))}>
                {t('settingsArea.calendar.previousMonth')}
              </button>
              <button type="button" className="button" onClick={() => setMonth(shiftMonth(month, 1))}>
                {t('settingsArea.calendar.nextMonth')}
              </button>
              {calendar.data && <span className="calendar-settings__zone">{t('settingsArea.calendar.timeZone', { zone: calendar.data.timeZone })}</span>}
            </div>
            <MonthCalendar servicePointId={servicePointId} month={month} />
          </div>
          {calendar.isError && <QueryFailure error={calendar.error} onRetry={() => void calendar.refetch()} />}
          {calendar.data && (
            <div className="calendar-settings__editors">
              <WeeklyHoursForm key={`hours-${servicePointId}`} servicePointId={servicePointId} hours={calendar.data.hours} />
              <Closures key={`closures-${servicePointId}`} servicePointId={servicePointId} exceptions={calendar.data.exceptions} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Closures({ servicePointId, exceptions }: { servicePointId: string; exceptions: CalendarException[] }) {
  const headingId = useId();
  const mayEdit = useMay('org.edit');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'closed' | 'special-hours'>('closed');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [opensAt, setOpensAt] = useState('10:00');
  const [closesAt, setClosesAt] = useState('16:00');
  const saving = useSave();

  async function add(event: FormEvent) {
    event.preventDefault();
    const body = { name: name.trim(), kind, startDate, endDate: endDate || startDate, ...(kind === 'special-hours' ? { opensAt, closesAt } : {}) };
    const added = await saving.save(() => addCalendarException(servicePointId, body), t('settingsArea.calendar.added', { name: body.name }));
    if (added) {
      setName('');
      setStartDate('');
      setEndDate('');
    }
  }

  return (
    <section className="closures" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settingsArea.calendar.closures')}</h3>
      {exceptions.length === 0 && <p>{t('settingsArea.calendar.noClosures')}</p>}
      <ul className="closures__list">
        {exceptions.map((exception) => (
          <li key={exception.id}>
            <span>
              {exception.name}: {formatDate(exception.startDate)}
              {exception.endDate !== exception.startDate && ` – ${formatDate(exception.endDate)}`}{' '}
              {exception.kind === 'closed' ? t('settingsArea.calendar.closed') : `${exception.opensAt ?? ''}–${exception.closesAt ?? ''}`}
            </span>
            {mayEdit && (
              <button type="button" className="button button--quiet" onClick={() => void saving.save(() => removeCalendarException(servicePointId, exception.id), t('settingsArea.calendar.removed', { name: exception.name }))}>
                {t('settingsArea.calendar.remove', { name: exception.name })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="closures__form" onSubmit={add} noValidate aria-label={t('settingsArea.calendar.addClosure')}>
        <TextSetting id="closure-name" label={t('settingsArea.calendar.closureName')} value={name} onValue={setName} problem={saving.problemOf('name')} />
        <ChoiceSetting
          id="closure-kind"
          label={t('settingsArea.calendar.closureKind')}
          value={kind}
          onValue={(value) => setKind(value as 'closed' | 'special-hours')}
          choices={[
            ['closed', t('settingsArea.calendar.closedAllDay')],
            ['special-hours', t('settingsArea.calendar.specialHours')],
          ]}
        />
        <TextSetting id="closure-start" type="date" label={t('settingsArea.calendar.startDate')} value={startDate} onValue={setStartDate} problem={saving.problemOf('startDate')} />
        <TextSetting id="closure-end" type="date" label={t('settingsArea.calendar.endDate')} value={endDate} onValue={setEndDate} problem={saving.problemOf('endDate')} hint={t('settingsArea.calendar.endDateHint')} />
        {kind === 'special-hours' && (
          <>
            <TextSetting id="closure-opens" type="time" label={t('settingsArea.calendar.opensAt')} value={opensAt} onValue={setOpensAt} problem={saving.problemOf('opensAt')} />
            <TextSetting id="closure-closes" type="time" label={t('settingsArea.calendar.closesAt')} value={closesAt} onValue={setClosesAt} problem={saving.problemOf('closesAt')} />
          </>
        )}
        <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} label={t('settingsArea.calendar.addClosure')} permission="org.edit" disabled={!name.trim() || !startDate} />
      </form>
    </section>
  );
}


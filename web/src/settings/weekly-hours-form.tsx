import { useId, useState, type FormEvent } from 'react';
import { saveWeeklyHours, type WeeklyHours } from '../api/settings-area-queries.ts';
import { locale, t } from '../i18n/translate.ts';
import { SaveActions, useMay, useSave } from './settings-save.tsx';

const weekdays = [1, 2, 3, 4, 5, 6, 7];

function weekdayName(weekday: number): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, weekday)));
}

/** The weekly opening hours as a table: one row per weekday, each with its opening periods (none: closed). */
type HoursRow = Omit<WeeklyHours, 'id'>;

export function WeeklyHoursForm({ servicePointId, hours }: { servicePointId: string; hours: WeeklyHours[] }) {
  const headingId = useId();
  const mayEdit = useMay('org.edit');
  const [rows, setRows] = useState<HoursRow[]>(() => hours.map(({ weekday, opensAt, closesAt, validFrom, validTo }) => ({ weekday, opensAt, closesAt, validFrom: validFrom ?? null, validTo: validTo ?? null })));
  const saving = useSave();
  const change = (index: number, part: Partial<HoursRow>) => setRows(rows.map((row, at) => (at === index ? { ...row, ...part } : row)));

  async function save(event: FormEvent) {
    event.preventDefault();
    await saving.save(() => saveWeeklyHours(servicePointId, { hours: rows }), t('settingsArea.calendar.hoursSaved'));
  }

  return (
    <form className="weekly-hours" aria-labelledby={headingId} onSubmit={save} noValidate>
      <h3 id={headingId}>{t('settingsArea.calendar.weeklyHours')}</h3>
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t('settingsArea.calendar.weekday')}</th>
            <th scope="col">{t('settingsArea.calendar.openingHours')}</th>
          </tr>
        </thead>
        <tbody>
          {weekdays.map((weekday) => {
            const name = weekdayName(weekday);
            const periods = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.weekday === weekday);
            return (
              <tr key={weekday}>
                <th scope="row">{name}</th>
                <td>
                  {periods.length === 0 && <span className="weekly-hours__closed">{t('settingsArea.calendar.closed')}</span>}
                  {periods.map(({ row, index }, position) => (
                    <div key={index} className="weekly-hours__period">
                      <label htmlFor={`hours-${index}-opens`}>{t('settingsArea.calendar.opensOn', { day: name, number: position + 1 })}</label>
                      <input id={`hours-${index}-opens`} type="text" inputMode="numeric" className="weekly-hours__opens" value={row.opensAt} onChange={(event) => change(index, { opensAt: event.target.value })} readOnly={!mayEdit} />
                      <label htmlFor={`hours-${index}-closes`}>{t('settingsArea.calendar.closesOn', { day: name, number: position + 1 })}</label>
                      <input id={`hours-${index}-closes`} type="text" inputMode="numeric" className="weekly-hours__closes" value={row.closesAt} onChange={(event) => change(index, { closesAt: event.target.value })} readOnly={!mayEdit} />
                      {row.validFrom || row.validTo ? <span className="field__hint">{t('settingsArea.calendar.validBetween', { from: row.validFrom ?? '…', to: row.validTo ?? '…' })}</span> : null}
                      {mayEdit && (
                        <button type="button" className="button button--quiet" onClick={() => setRows(rows.filter((_, at) => at !== index))}>
                          {t('settingsArea.calendar.removePeriod', { day: name })}
                        </button>
                      )}
                    </div>
                  ))}
                  {mayEdit && (
                    <button type="button" className="button button--quiet" onClick={() => setRows([...rows, { weekday, opensAt: '09:00', closesAt: '17:00', validFrom: null, validTo: null }])}>
                      {t('settingsArea.calendar.addPeriod', { day: name })}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <SaveActions failure={saving.failure} saving={saving.saving} note={saving.note} label={t('settingsArea.calendar.saveHours')} permission="org.edit" />
    </form>
  );
}

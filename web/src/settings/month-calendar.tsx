import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { calendarDays, settingsAreaKey, type OpeningDay } from '../api/settings-area-queries.ts';
import { locale, t } from '../i18n/translate.ts';

/** 'YYYY-MM' plus some months, as 'YYYY-MM'. */
export function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 2000, (number ?? 1) - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

function lastDayOf(month: string): string {
  const next = new Date(`${shiftMonth(month, 1)}-01T00:00:00Z`);
  return new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
}

const weekdayNames = (): string[] =>
  // 2024-01-01 was a Monday; weekday 1 = Monday as the server counts.
  Array.from({ length: 7 }, (_, index) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + index))));

/** One month of a service point's opening hours, Monday first; closures and special hours named on their days. */
export function MonthCalendar({ servicePointId, month }: { servicePointId: string; month: string }) {
  const captionId = useId();
  const from = `${month}-01`;
  const to = lastDayOf(month);
  const days = useQuery({
    queryKey: [...settingsAreaKey, 'calendar-days', servicePointId, month],
    queryFn: ({ signal }) => calendarDays(servicePointId, from, to, signal),
  });
  if (days.isError) return <p className="message--error">{days.error.message}</p>;
  const list = days.data?.days ?? [];
  const leading = list[0] ? list[0].weekday - 1 : 0;
  const cells: (OpeningDay | null)[] = [...Array.from({ length: leading }, () => null), ...list];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, index) => cells.slice(index * 7, index * 7 + 7));
  const monthName = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${from}T12:00:00Z`));
  return (
    <table className="month-calendar" aria-labelledby={captionId}>
      <caption id={captionId}>{monthName}</caption>
      <thead>
        <tr>
          {weekdayNames().map((name) => (
            <th key={name} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, index) => (
          <tr key={index}>
            {week.map((day, column) =>
              day ? (
                <td key={day.date} className={day.open ? 'month-calendar__day' : 'month-calendar__day month-calendar__day--closed'} data-date={day.date}>
                  <span className="month-calendar__date">{Number(day.date.slice(8))}</span>
                  {day.exception && <span className="month-calendar__exception">{day.exception.name}</span>}
                  {day.open ? (
                    day.periods.map((period) => (
                      <span key={period.localOpensAt} className="month-calendar__hours">
                        {period.localOpensAt}–{period.localClosesAt}
                      </span>
                    ))
                  ) : (
                    <span className="month-calendar__closed">{t('settingsArea.calendar.closed')}</span>
                  )}
                </td>
              ) : (
                <td key={`blank-${column}`} className="month-calendar__blank" />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}


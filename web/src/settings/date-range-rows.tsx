import { t } from '../i18n/translate.ts';
import { newDateRange, type DateRangeDraft } from './policy-draft.ts';
import { Problem } from './setting-fields.tsx';

interface DateRangeRowsProps {
  ranges: DateRangeDraft[];
  onRanges(ranges: DateRangeDraft[]): void;
  problemOf(...fields: string[]): string;
}

const columns = ['from', 'to', 'due'] as const;
const columnLabel = { from: 'settingsArea.schedule.from', to: 'settingsArea.schedule.to', due: 'settingsArea.schedule.due' } as const;

/** A fixed due date schedule as a table: loans made from … to … are due on …, one range a row. */
export function DateRangeRows({ ranges, onRanges, problemOf }: DateRangeRowsProps) {
  const change = (index: number, part: Partial<DateRangeDraft>) => onRanges(ranges.map((range, at) => (at === index ? { ...range, ...part } : range)));
  const listProblem = problemOf('settings.entries') && ranges.length === 0 ? problemOf('settings.entries') : '';
  // Inline until styles.css has a rule: the rows may shrink below the table's width, which then scrolls.
  return (
    <div className="date-ranges">
      <div className="table-scroll">
        <table className="settings-table">
          <caption>{t('settingsArea.schedule.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settingsArea.schedule.range')}</th>
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {t(columnLabel[column])}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{t('settingsArea.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ranges.map((range, index) => {
              const number = index + 1;
              const problemId = `date-range-${index}-problem`;
              const problem = problemOf(`settings.entries.${index}`);
              return (
                <tr key={index}>
                  <th scope="row">
                    {number}
                    <Problem id={problemId} text={problem} />
                  </th>
                  {columns.map((column) => (
                    <td key={column}>
                      <input
                        type="date"
                        aria-label={t('settingsArea.schedule.fieldOf', { field: t(columnLabel[column]), number })}
                        value={range[column]}
                        onChange={(event) => change(index, { [column]: event.target.value })}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? problemId : undefined}
                      />
                    </td>
                  ))}
                  <td>
                    <button type="button" className="button button--quiet" aria-label={t('settingsArea.schedule.remove', { number })} onClick={() => onRanges(ranges.filter((_, at) => at !== index))}>
                      {t('settingsArea.schedule.removeShort')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {ranges.length === 0 && <p>{t('settingsArea.schedule.none')}</p>}
      <Problem id="date-ranges-problem" text={listProblem} />
      <button type="button" className="button" onClick={() => onRanges([...ranges, nextRange(ranges)])}>
        {t('settingsArea.schedule.add')}
      </button>
    </div>
  );
}

/** A new range starts the day after the last one ends, so a year of terms is typed quickly. */
function nextRange(ranges: DateRangeDraft[]): DateRangeDraft {
  const last = ranges[ranges.length - 1];
  if (!last || !/^\d{4}-\d{2}-\d{2}$/.test(last.to)) return newDateRange;
  const next = new Date(`${last.to}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { ...newDateRange, from: next.toISOString().slice(0, 10) };
}


import type { PortalLibrary } from '../api/portal-queries.ts';
import { t } from '../i18n/translate.ts';

type PluralBase = 'portal.summary.itemsOut' | 'portal.summary.overdue' | 'portal.search.count' | 'portal.search.allOut';

// The words are English, so their plural forms follow English rules; the numbers follow the library's locale.
const englishPlurals = new Intl.PluralRules('en');

/** Dates, money and counts the way the patron's library writes them, in its time zone. */
export interface PortalFormats {
  /** "Tuesday, January 14" (with the year when not this year, and the time unless due at the end of the day) */
  dueDate(iso: string): string;
  /** an instant as a day: "Tuesday, January 14" */
  day(iso: string): string;
  /** a calendar date 'YYYY-MM-DD', never shifted by a time zone */
  calendarDate(isoDate: string): string;
  money(cents: number): string;
  count(base: PluralBase, count: number, values?: Record<string, string | number>): string;
  number(value: number): string;
}

export function portalFormats(library: PortalLibrary, now = new Date()): PortalFormats {
  const { locale, timeZone, currency } = library;
  const yearOf = (at: Date, zone: string) => new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: zone }).format(at);
  const clockOf = (at: Date) => new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  const thisYear = yearOf(now, timeZone);
  const dayFormat = (at: Date, zone: string) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', ...(yearOf(at, zone) === thisYear ? {} : { year: 'numeric' }), timeZone: zone }).format(at);
  const number = (value: number) => new Intl.NumberFormat(locale).format(value);

  return {
    dueDate(iso) {
      const due = new Date(iso);
      if (Number.isNaN(due.getTime())) return iso;
      // Day loans fall due at 23:59 in the library's zone; anything else (hourly loans, closing time) says when.
      if (clockOf(due) === '23:59') return dayFormat(due, timeZone);
      const time = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(due);
      return `${dayFormat(due, timeZone)}, ${time}`;
    },
    day(iso) {
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : dayFormat(at, timeZone);
    },
    calendarDate(isoDate) {
      const at = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
      return Number.isNaN(at.getTime()) ? isoDate : dayFormat(at, 'UTC');
    },
    money: (cents) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100),
    count: (base, count, values = {}) => t(`${base}.${englishPlurals.select(count) === 'one' ? 'one' : 'other'}`, { count: number(count), ...values }),
    number,
  };
}

/** Today in the library's time zone, as 'YYYY-MM-DD' for a date input's lower bound. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(now);
}

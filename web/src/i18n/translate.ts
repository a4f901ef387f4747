import { en, type MessageKey } from './en.ts';

type Values = Record<string, string | number>;

const messages: Record<string, string> = en;

/** The locale for dates, numbers and money; English text, with the browser's English variant. */
export const locale: string = typeof navigator !== 'undefined' && navigator.language?.startsWith('en') ? navigator.language : 'en-US';

function fill(template: string, values: Values = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function t(key: MessageKey, values?: Values): string {
  return fill(messages[key] ?? key, values);
}

/** A message that exists only for some codes (statuses, formats): falls back to the code itself. */
export function tCode(prefix: 'status' | 'format' | 'feeAction' | 'paymentMethod', code: string): string {
  const template = messages[`${prefix}.${code}`];
  return template ?? code.replace(/-/g, ' ');
}

const pluralRules = new Intl.PluralRules(locale);

/** A counted message: `base.one` / `base.other`, with {count} formatted for the locale. */
export function tCount(base: 'catalog.resultCount' | 'patrons.resultCount', count: number): string {
  const form = pluralRules.select(count) === 'one' ? 'one' : 'other';
  return fill(messages[`${base}.${form}`] ?? base, { count: formatNumber(count) });
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A calendar date ('YYYY-MM-DD') in the locale's medium form, never shifted by the time zone. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const date = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** The year of a publication date, which may be '2004', '2004-05-01' or free text like 'c1998'. */
export function publicationYear(publicationDate: string | null | undefined): string {
  if (!publicationDate) return '';
  return /\d{4}/.exec(publicationDate)?.[0] ?? publicationDate;
}

export function formatMoney(cents: number | null | undefined, currency = 'USD'): string {
  if (cents === null || cents === undefined) return '';
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

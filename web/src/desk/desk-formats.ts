import { locale } from '../i18n/translate.ts';

const clockOf = (timeZone: string | undefined) => new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });

/**
 * A due date as the desk reads it: weekday and date in the desk's time zone, and the time too
 * unless the loan falls due at the end of the library day (23:59) — so hourly loans and loans due
 * at closing time show when, and day loans stay short.
 */
export function formatDueDate(iso: string, timeZone?: string): string {
  const due = new Date(iso);
  if (Number.isNaN(due.getTime())) return iso;
  const endOfDay = clockOf(timeZone).format(due) === '23:59';
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...(endOfDay ? {} : { hour: 'numeric', minute: '2-digit' }),
    timeZone,
  }).format(due);
}

/** An instant as date and time, for receipts and slips. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(when);
}

/** Today in the browser's calendar, as 'YYYY-MM-DD' for a date input. */
export function todayAsInputValue(now = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/**
 * The return time of a backdated check-in: 23:59 on the chosen day, in the browser's time zone
 * (the desk computer's clock), so every item from the book drop counts as returned that day.
 * Today means "now": the server then uses its own clock.
 */
export function returnedAtOf(returnedOn: string, now = new Date()): string | undefined {
  if (!returnedOn || returnedOn >= todayAsInputValue(now)) return undefined;
  const [year, month, day] = returnedOn.split('-').map(Number);
  if (!year || !month || !day) return undefined;
  return new Date(year, month - 1, day, 23, 59, 0).toISOString();
}

import { DateTime } from 'luxon';

/**
 * SIP2 dates are 18 characters, `YYYYMMDDZZZZHHMMSS`: the zone field is four spaces for local time (the
 * institution's), or a zone name right-aligned; the standard recommends local time, so that is what Carrel sends.
 */

const localZone = '    ';

/** An instant as an 18-character SIP date in the institution's time zone, zone field blank (local). */
export function sipDateTime(instant: string | Date, timeZone: string): string {
  const moment = (typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'utc' }) : DateTime.fromJSDate(instant)).setZone(timeZone);
  if (!moment.isValid) return ' '.repeat(18);
  return `${moment.toFormat('yyyyMMdd')}${localZone}${moment.toFormat('HHmmss')}`;
}

/** An 18-character SIP date of blanks, for "no date" in a fixed field. */
export const sipNoDate = ' '.repeat(18);

const utcZones = new Set(['Z', 'UTC', 'GMT', 'UT']);

/**
 * A SIP date as an ISO UTC instant, or undefined when blank or not a date. Accepts the 18-character form with
 * a blank zone (local time in `timeZone`) or 'Z' / 'UTC' / 'GMT' in any alignment (UTC); also the 14-digit
 * form without zone and a bare YYYYMMDD (local midnight) that some clients send in variable fields.
 * Any other zone name is read as local time: kiosks stand in the library, and US zone abbreviations are ambiguous.
 */
export function parseSipDateTime(text: string, timeZone: string): string | undefined {
  if (text.trim() === '') return undefined;
  const full = /^(\d{8})(.{4})(\d{6})$/.exec(text);
  const compact = /^(\d{8})(\d{6})?$/.exec(text.trim());
  let digits: string;
  let zone = timeZone;
  if (full) {
    digits = `${full[1]}${full[3]}`;
    if (utcZones.has((full[2] ?? '').trim().toUpperCase())) zone = 'utc';
  } else if (compact) {
    digits = `${compact[1]}${compact[2] ?? '000000'}`;
  } else {
    return undefined;
  }
  const moment = DateTime.fromFormat(digits, 'yyyyMMddHHmmss', { zone });
  if (!moment.isValid) return undefined;
  return moment.toUTC().toISO({ suppressMilliseconds: false }) ?? undefined;
}

import { DateTime } from 'luxon';
import type { NoticePolicySettings, Period } from '../policies/index.ts';
import { compareRules, type MatchableRule } from '../circulation/index.ts';
import { addDays, openingHoursOn, type ServicePointCalendar } from '../org/index.ts';
import { shiftByPeriod } from './notice-schedule.policy.ts';

export type NoticeEntry = NoticePolicySettings['notices'][number];
export type NoticeKind = NoticeEntry['kind'];

/** The policy's entry for a kind, or null when the policy does not send that notice (every kind is off unless listed). */
export function noticeEntryOf(policy: NoticePolicySettings, kind: NoticeKind): NoticeEntry | null {
  return policy.notices.find((entry) => entry.kind === kind) ?? null;
}

const oneDay: Period = { amount: 1, unit: 'days' };
const twoWeeks: Period = { amount: 14, unit: 'days' };

/** A hold-expiring notice is due from `offset` (default a day) before the hold shelf deadline until the deadline. */
export function holdExpiringIsDue(expiresAt: Date, entry: NoticeEntry, now: Date, timeZone: string): boolean {
  return now >= shiftByPeriod(expiresAt, entry.offset ?? oneDay, -1, timeZone) && now < expiresAt;
}

/**
 * An account-expiring notice is due from `offset` (default 14 days) before the start of the expiry
 * date (library-local) until the account has expired (the day after the expiry date).
 */
export function accountExpiringIsDue(expiresOn: string, entry: NoticeEntry, now: Date, timeZone: string): boolean {
  const expiryDay = DateTime.fromISO(expiresOn, { zone: timeZone }).startOf('day');
  const from = shiftByPeriod(expiryDay.toJSDate(), entry.offset ?? twoWeeks, -1, timeZone);
  return now >= from && now < expiryDay.plus({ days: 1 }).toJSDate();
}

/** A fee-charged notice for this fee type kind under the entry (null list: every kind). */
export function feeChargeIsNoticed(entry: NoticeEntry, feeTypeKind: string): boolean {
  return entry.feeTypeKinds === null || entry.feeTypeKinds.includes(feeTypeKind);
}

/**
 * The rule for a notice about the patron alone (a fee with no item, an expiring account): the most
 * specific rule naming no item criteria whose patron group is the patron's or none; the fallback
 * rule at worst. Item-related notices use the full rule match instead.
 */
export function patronOnlyRuleOf<Rule extends MatchableRule>(rules: readonly Rule[], patronGroupId: string): Rule | null {
  const candidates = rules.filter(
    (rule) => !rule.materialTypeId && !rule.loanTypeId && !rule.locationId && !rule.libraryId && !rule.campusId && (!rule.patronGroupId || rule.patronGroupId === patronGroupId),
  );
  return [...candidates].sort(compareRules)[0] ?? null;
}

/** The pickup desk's opening hours from `from` through `through` (at most a week), as a patron reads them. */
export function openingHoursText(calendar: ServicePointCalendar, from: Date, through: Date): string {
  const firstDate = DateTime.fromJSDate(from, { zone: calendar.timeZone }).toISODate()!;
  const lastDate = DateTime.fromJSDate(through, { zone: calendar.timeZone }).toISODate()!;
  const lines: string[] = [];
  for (let date = firstDate, day = 0; date <= lastDate && day < 7; date = addDays(date, 1), day += 1) {
    const periods = openingHoursOn(calendar, date);
    const label = DateTime.fromISO(date, { zone: calendar.timeZone }).setLocale('en').toFormat('ccc d LLL');
    const hours = periods.map((period) => `${localTime(period.opensAt, calendar.timeZone)}–${localTime(period.closesAt, calendar.timeZone)}`).join(', ');
    lines.push(`${label}: ${hours || 'closed'}`);
  }
  return lines.join('; ');
}

function localTime(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('HH:mm');
}

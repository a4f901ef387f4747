import { DateTime } from 'luxon';
import type { OverdueFinePolicySettings } from '../policies/index.ts';
import { addDays, isOpenOn, localDateOf, openingHoursOn, type ServicePointCalendar } from '../org/index.ts';
import { describeCents } from './money.policy.ts';

/**
 * The overdue fine of one loan, worked out step by step so the desk and the policy preview can say
 * why. Days are library-local days (a daylight-saving day is still one day) and a day late begins
 * as soon as the due time passes, as libraries charge "per day or part of a day"; hours are
 * measured exactly, in opening hours only (unless the policy counts closed days). chargeAt then
 * decides whether a begun interval is charged (start: 2.5 hours → 3) or only a completed one
 * (end: 2.5 hours → 2).
 */
export interface OverdueFineInput {
  policy: OverdueFinePolicySettings;
  dueAt: Date;
  /** When the item came back: the check-in time, or the earlier time staff gave for a backdated check-in. */
  returnedAt: Date;
  /** The item's replacement cost, for capAtReplacementCost; absent: no such cap. */
  replacementCostCents?: number | null;
  /** A recalled item charges the policy's recall rate and maximum. */
  recalled?: boolean;
  /** The service point's calendar: its time zone counts the days; closed days (and, for hourly fines, closed hours) are skipped unless the policy counts them. */
  calendar?: ServicePointCalendar;
  /** Without a calendar: the library's time zone. */
  timeZone?: string;
  currency?: string;
}

export interface OverdueFine {
  fineCents: number;
  /** Each step of the calculation, in words. */
  explanation: string[];
}

export interface RenewalFine extends OverdueFine {
  /** true: the policy forgives fines on renewal, so what had accrued is not charged. */
  forgiven: boolean;
  /** What had accrued by the renewal, before any forgiveness. */
  accruedCents: number;
}

const hourMs = 3_600_000;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, 'minute');
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}

function describeGrace(policy: OverdueFinePolicySettings): string {
  if (policy.graceDays > 0) return plural(policy.graceDays, 'day');
  return describeDuration(policy.graceHours * hourMs);
}

function describeInstant(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('ccc d LLL yyyy HH:mm');
}

function describeDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).toFormat('ccc d LLL');
}

function graceEndOf(policy: OverdueFinePolicySettings, dueAt: Date, zone: string): Date {
  if (policy.graceDays > 0) return DateTime.fromJSDate(dueAt, { zone }).plus({ days: policy.graceDays }).toJSDate();
  return new Date(dueAt.getTime() + policy.graceHours * hourMs);
}

interface Lateness {
  /** Whole days late (days) or milliseconds late (hours), closed days left out when they do not count. */
  amount: number;
  steps: string[];
}

/** Late day k runs from start + (k-1) days to start + k days and belongs to the local date it ends on. */
function daysLate(from: Date, to: Date, zone: string, closedDays: ServicePointCalendar | undefined): Lateness {
  const start = DateTime.fromJSDate(from, { zone });
  const days = Math.ceil(DateTime.fromJSDate(to, { zone }).diff(start, 'days').days);
  const steps = [`${plural(days, 'day')} late (a day late begins as soon as the due time passes).`];
  if (!closedDays) return { amount: days, steps };
  const closed: string[] = [];
  // Day n of lateness ends n days after the due time (same wall time): it counts on the local date just before that.
  // Walking calendar dates from the first one gives the same dates as doing time zone arithmetic for every day.
  const firstDate = days > 0 ? localDateOf(closedDays, new Date(start.plus({ days: 1 }).toMillis() - 1)) : '';
  for (let day = 1; day <= days; day += 1) {
    const date = addDays(firstDate, day - 1);
    if (!isOpenOn(closedDays, date)) closed.push(date);
  }
  if (closed.length > 0) steps.push(`${plural(closed.length, 'closed day')} not counted (${closed.map(describeDate).join(', ')}): ${plural(days - closed.length, 'day')} counted.`);
  return { amount: days - closed.length, steps };
}

/**
 * Only time inside the service point's opening hours counts: a laptop due at 21:00 and back at
 * 08:00 is late for the hour until closing, not for the night (nor for a day closed throughout).
 */
function hoursLate(from: Date, to: Date, _zone: string, calendar: ServicePointCalendar | undefined): Lateness {
  const late = to.getTime() - from.getTime();
  const steps = [`${describeDuration(late)} late.`];
  if (!calendar) return { amount: late, steps };
  let openMs = 0;
  const lastDate = localDateOf(calendar, to);
  for (let date = localDateOf(calendar, from); date <= lastDate; date = addDays(date, 1)) {
    for (const period of openingHoursOn(calendar, date)) {
      const overlap = Math.min(period.closesAt.getTime(), to.getTime()) - Math.max(period.opensAt.getTime(), from.getTime());
      if (overlap > 0) openMs += overlap;
    }
  }
  if (openMs < late) steps.push(`${describeDuration(late - openMs)} outside opening hours not counted: ${describeDuration(openMs)} counted.`);
  return { amount: openMs, steps };
}

function describeRate(rateCents: number, policy: OverdueFinePolicySettings, currency: string): string {
  const unit = policy.intervalUnit === 'days' ? 'day' : 'hour';
  if (policy.interval === 1) return `${describeCents(rateCents, currency)} ${unit === 'day' ? 'a day' : 'an hour'}`;
  return `${describeCents(rateCents, currency)} per ${plural(policy.interval, unit)}`;
}

function intervalsCharged(lateness: number, policy: OverdueFinePolicySettings): number {
  const intervalSize = policy.intervalUnit === 'days' ? policy.interval : policy.interval * hourMs;
  const intervals = lateness / intervalSize;
  return Math.max(0, policy.chargeAt === 'start' ? Math.ceil(intervals) : Math.floor(intervals));
}

function fineFor(input: OverdueFineInput, ended: 'returned' | 'renewed'): OverdueFine {
  const { policy, dueAt, returnedAt } = input;
  const currency = input.currency ?? 'USD';
  const zone = input.calendar?.timeZone ?? input.timeZone ?? 'UTC';
  const explanation = [`Due ${describeInstant(dueAt, zone)}, ${ended} ${describeInstant(returnedAt, zone)} (${zone}).`];
  const none = (reason: string): OverdueFine => ({ fineCents: 0, explanation: [...explanation, reason, `Fine: ${describeCents(0, currency)}.`] });
  if (returnedAt <= dueAt) return none(`${ended === 'returned' ? 'Returned' : 'Renewed'} by the due time: no fine.`);

  let rateCents = policy.amountCents;
  let maxFineCents = policy.maxFineCents;
  if (input.recalled && policy.recall) {
    rateCents = policy.recall.amountCents;
    maxFineCents = policy.recall.maxFineCents;
    explanation.push(`The item was recalled: the recall rate of ${describeRate(rateCents, policy, currency)} applies.`);
  } else if (input.recalled) {
    explanation.push('The item was recalled, but this policy has no recall rate: the usual rate applies.');
  }
  if (rateCents === 0) return none('This policy charges nothing for overdue items.');

  let chargedFrom = dueAt;
  if (policy.graceDays > 0 || policy.graceHours > 0) {
    const graceEnd = graceEndOf(policy, dueAt, zone);
    const grace = describeGrace(policy);
    if (returnedAt <= graceEnd) return none(`${ended === 'returned' ? 'Returned' : 'Renewed'} within the grace period of ${grace}: no fine.`);
    if (policy.graceCountsOnceExceeded) {
      explanation.push(`The grace period of ${grace} was exceeded, so it is charged too: the fine counts from the due time.`);
    } else {
      chargedFrom = graceEnd;
      explanation.push(`The grace period of ${grace} is not charged: the fine counts from ${describeInstant(graceEnd, zone)}.`);
    }
  }

  const closedDays = policy.countClosedDays ? undefined : input.calendar;
  if (policy.countClosedDays) explanation.push('Closed days are counted.');
  else if (!input.calendar) explanation.push('No service point calendar was given, so every day is counted.');
  const lateness = (policy.intervalUnit === 'days' ? daysLate : hoursLate)(chargedFrom, returnedAt, zone, closedDays);
  explanation.push(...lateness.steps);

  const intervals = intervalsCharged(lateness.amount, policy);
  if (policy.interval > 1) {
    const unit = policy.intervalUnit === 'days' ? 'day' : 'hour';
    const which = policy.chargeAt === 'start' ? 'each period begun is charged' : 'only complete periods are charged';
    explanation.push(`Charged per ${plural(policy.interval, unit)} and ${which}: ${plural(intervals, 'period')}.`);
  } else if (policy.intervalUnit === 'hours') {
    explanation.push(policy.chargeAt === 'start' ? `Each hour begun is charged: ${plural(intervals, 'hour')}.` : `Only complete hours are charged: ${plural(intervals, 'hour')}.`);
  }
  let fineCents = intervals * rateCents;
  explanation.push(`${intervals} × ${describeRate(rateCents, policy, currency)} = ${describeCents(fineCents, currency)}.`);

  const caps: Array<{ cents: number; name: string }> = [];
  if (maxFineCents > 0) caps.push({ cents: maxFineCents, name: input.recalled && policy.recall ? 'the maximum fine for recalled items' : 'the maximum fine' });
  if (policy.capAtReplacementCost && input.replacementCostCents != null) caps.push({ cents: input.replacementCostCents, name: "the item's replacement cost" });
  caps.sort((a, b) => a.cents - b.cents);
  const [cap, other] = caps;
  if (cap && fineCents > cap.cents) {
    const lower = other ? ` (lower than ${other.name}, ${describeCents(other.cents, currency)})` : '';
    explanation.push(`Capped at ${cap.name}, ${describeCents(cap.cents, currency)}${lower}.`);
    fineCents = cap.cents;
  }
  explanation.push(`Fine: ${describeCents(fineCents, currency)}.`);
  return { fineCents, explanation };
}

/** The fine for an item returned at `returnedAt` (backdated or not). */
export function calculateOverdueFine(input: OverdueFineInput): OverdueFine {
  return fineFor(input, 'returned');
}

/**
 * What renewing an overdue loan charges: the fine accrued up to the renewal, or nothing when the
 * policy forgives fines on renewal. The ledger charges fineCents; the renewed loan starts afresh.
 */
export function fineOnRenewal(input: Omit<OverdueFineInput, 'returnedAt'> & { renewedAt: Date }): RenewalFine {
  const { renewedAt, ...rest } = input;
  const accrued = fineFor({ ...rest, returnedAt: renewedAt }, 'renewed');
  if (accrued.fineCents === 0 || !input.policy.forgiveOnRenewal) return { ...accrued, forgiven: false, accruedCents: accrued.fineCents };
  const currency = input.currency ?? 'USD';
  return {
    fineCents: 0,
    forgiven: true,
    accruedCents: accrued.fineCents,
    explanation: [...accrued.explanation, `Forgiven: this policy forgives the overdue fine when a loan is renewed. Charged: ${describeCents(0, currency)}.`],
  };
}

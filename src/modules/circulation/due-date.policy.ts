import { DateTime } from 'luxon';
import { DomainError } from '../../platform/errors.ts';
import {
  addDays,
  closingTimeOf,
  dayScheduleOf,
  endOfOpenDay,
  isOpenAt,
  isOpenOn,
  lastClosingBefore,
  localDateOf,
  nextOpenDay,
  nextOpeningAfter,
  searchLimitDays,
  type ServicePointCalendar,
} from '../org/index.ts';
import {
  dayCandidate,
  describeDate,
  describeDuration,
  describeInstant,
  describePeriod,
  fixedDue,
  rollingDue,
  type DayLoanDueTime,
  type DueCandidate,
  type LoanPeriod,
} from './loan-period.policy.ts';
import type { ClosedDayRule, FixedDueDateScheduleSettings, LoanPolicySettings } from '../policies/index.ts';

/** What a due date depends on besides the policy: the desk's calendar, the patron, the schedules. */
export interface DueDateContext {
  calendar: ServicePointCalendar;
  /** The last local date the patron's card is good; loans never fall due after it. */
  patronExpiresOn: string | null;
  /** Fixed due date schedules by code. */
  fixedSchedules: Record<string, FixedDueDateScheduleSettings>;
}

export interface DueDateResult {
  dueAt: Date;
  /** Plain-words steps, shown by the rule tester and the dry-run check-out. */
  explanation: string[];
}

/**
 * Order of the rules: the loan period gives a due date; the closed-day rule moves it off a
 * closure; the patron's expiry pulls it back. Searches for open days are bounded by the
 * calendar's one-year horizon, so a service point that is never open keeps the unmoved date.
 *
 * Closed-day rules named for hourly loans, applied to day loans: 'closing-time' acts as
 * 'end-of-previous-open-day' and 'next-opening-plus-remainder' as 'end-of-next-open-day'.
 * Day rules applied to hourly loans: 'end-of-previous-open-day' acts as 'closing-time' and
 * 'end-of-next-open-day' moves to the closing time of the day the library next opens.
 */
export function dueDateForLoan(policy: LoanPolicySettings, loanedAt: Date, context: DueDateContext & { itemHasRequests: boolean }): DueDateResult {
  const steps: string[] = [];
  const period = loanPeriodOf(policy, context.itemHasRequests, steps);
  const candidate = dueFromPeriod('Loan period', period, loanedAt, loanedAt, policy, context, steps);
  return resultOf(context.calendar, settle(policy, candidate, loanedAt, context, steps), steps);
}

/** Whether the renewal is allowed is decided elsewhere; this only says until when. */
export function dueDateForRenewal(
  policy: LoanPolicySettings,
  currentDueAt: Date,
  renewedAt: Date,
  context: DueDateContext & { itemHasRequests: boolean },
): DueDateResult {
  const steps: string[] = [];
  // Renewing an overdue loan: its fine up to the renewal is settled at the renewal itself, so the
  // new period counts from the renewal, never from the past due date. Counted from the due date it
  // could end in the past (due 1 Nov, renewed 1 Dec, 21 days: 22 Nov), overdue at once, and its
  // fine would count again the days the renewal already charged.
  const overdue = currentDueAt.getTime() < renewedAt.getTime();
  const fromDueDate = policy.renewals.renewFrom === 'due-date' && !overdue;
  const from = fromDueDate ? currentDueAt : renewedAt;
  const counting = fromDueDate ? 'the current due date' : overdue && policy.renewals.renewFrom === 'due-date' ? 'the renewal, as the loan is overdue' : 'today';
  steps.push(`Renewed on ${describeInstant(context.calendar, renewedAt)}, counting from ${counting}.`);
  const renewalPeriod = policy.renewals.period;
  const period: LoanPeriod =
    renewalPeriod && !(context.itemHasRequests && policy.holds.alternateLoanPeriod)
      ? { kind: 'rolling', period: renewalPeriod }
      : loanPeriodOf(policy, context.itemHasRequests, steps);
  // A fixed schedule is read for the day of the renewal, whichever date the period counts from.
  const candidate = dueFromPeriod(renewalPeriod ? 'Renewal period' : 'Loan period', period, from, renewedAt, policy, context, steps);
  const renewed = settle(policy, candidate, renewedAt, context, steps);
  if (renewed < currentDueAt) {
    steps.push(`That is earlier than the current due date, ${describeInstant(context.calendar, currentDueAt)}: a renewal never shortens a loan, so the due date stays.`);
    return resultOf(context.calendar, currentDueAt, steps);
  }
  return resultOf(context.calendar, renewed, steps);
}

/** A recall shortens a loan to the later of the guaranteed period and the return interval, never lengthens it. */
export function dueDateForRecall(policy: LoanPolicySettings, loanedAt: Date, currentDueAt: Date, recalledAt: Date, context: DueDateContext): DueDateResult {
  const steps: string[] = [];
  const { calendar } = context;
  const { minimumGuaranteedPeriod, returnInterval } = policy.recalls;
  const keepCurrent = (reason: string): DueDateResult => {
    steps.push(`${reason}: the due date stays.`);
    return resultOf(calendar, currentDueAt, steps);
  };
  if (!minimumGuaranteedPeriod && !returnInterval) return keepCurrent('The policy sets neither a minimum guaranteed loan period nor a recall return interval');
  const candidates: DueCandidate[] = [];
  if (minimumGuaranteedPeriod) candidates.push(rollingDue('Minimum guaranteed loan period', minimumGuaranteedPeriod, loanedAt, calendar, policy.dayLoanDueTime, steps));
  if (returnInterval) candidates.push(rollingDue('Recall return interval', returnInterval, recalledAt, calendar, policy.dayLoanDueTime, steps));
  const later = candidates.reduce((latest, candidate) => (candidate.at > latest.at ? candidate : latest));
  if (candidates.length > 1) steps.push(`The later of the two applies: ${describeInstant(calendar, later.at)}.`);
  if (later.at > currentDueAt) return keepCurrent('That is after the current due date; a recall never extends a loan');
  const recalled = settle(policy, later, loanedAt, context, steps);
  if (recalled > currentDueAt) return keepCurrent('That is after the current due date; a recall never extends a loan');
  return resultOf(calendar, recalled, steps);
}

function loanPeriodOf(policy: LoanPolicySettings, itemHasRequests: boolean, steps: string[]): LoanPeriod {
  const alternate = policy.holds.alternateLoanPeriod;
  if (itemHasRequests && alternate) {
    steps.push(`Someone has requested the item: the alternate loan period of ${describePeriod(alternate)} applies.`);
    return { kind: 'rolling', period: alternate };
  }
  if (!policy.loanPeriod) throw new DomainError('VALIDATION_FAILED', 'The loan policy has no loan period: items under it are not loanable.');
  return policy.loanPeriod;
}

function dueFromPeriod(
  label: string,
  period: LoanPeriod,
  from: Date,
  scheduleDay: Date,
  policy: LoanPolicySettings,
  context: DueDateContext,
  steps: string[],
): DueCandidate {
  return period.kind === 'rolling'
    ? rollingDue(label, period.period, from, context.calendar, policy.dayLoanDueTime, steps)
    : fixedDue(period.scheduleCode, context.fixedSchedules, scheduleDay, context.calendar, policy.dayLoanDueTime, steps);
}

function resultOf(calendar: ServicePointCalendar, dueAt: Date, steps: string[]): DueDateResult {
  steps.push(`Due ${describeInstant(calendar, dueAt)}.`);
  return { dueAt, explanation: steps };
}

/** The closed-day rule, then the patron's expiry; `start` is when the loan (or renewal) begins. */
function settle(policy: LoanPolicySettings, candidate: DueCandidate, start: Date, context: DueDateContext, steps: string[]): Date {
  const { calendar } = context;
  const open =
    candidate.kind === 'day'
      ? moveDayLoan(policy.closedDayRule, candidate, start, calendar, policy.dayLoanDueTime, steps)
      : moveHourlyLoan(policy.closedDayRule, candidate, start, calendar, steps);
  return capAtExpiry(open, context.patronExpiresOn, start, calendar, policy.dayLoanDueTime, steps).at;
}

function closureOf(calendar: ServicePointCalendar, date: string): string {
  const { exception } = dayScheduleOf(calendar, date);
  return exception ? `a closure (${exception.name})` : 'a day with no opening hours';
}

function moveDayLoan(rule: ClosedDayRule, due: DueCandidate & { kind: 'day' }, start: Date, calendar: ServicePointCalendar, dueTime: DayLoanDueTime, steps: string[]): DueCandidate {
  if (isOpenOn(calendar, due.date)) return due;
  const closed = `${describeDate(due.date)} is ${closureOf(calendar, due.date)}`;
  if (rule === 'keep') {
    steps.push(`${closed}: the policy keeps the due date${dueTime === 'closing-time' ? ', at 23:59 as there is no closing time that day' : ''}.`);
    return due;
  }
  let direction: 'previous' | 'next' = rule === 'end-of-previous-open-day' || rule === 'closing-time' ? 'previous' : 'next';
  let day = nextOpenDay(calendar, due.date, direction);
  let moved = day === undefined ? undefined : dayCandidate(calendar, day, dueTime);
  let why = '';
  if (direction === 'previous' && day !== undefined && moved && moved.at <= start) {
    // Moving back would make the loan due before it began (a loan made on a closed day).
    why = ` (the open day before it, ${describeDate(day)}, ends before the loan began)`;
    direction = 'next';
    day = nextOpenDay(calendar, due.date, direction);
    moved = day === undefined ? undefined : dayCandidate(calendar, day, dueTime);
  }
  if (!moved) {
    steps.push(`${closed}, and no open day was found within ${searchLimitDays} days: the due date is kept.`);
    return due;
  }
  steps.push(`${closed}${why}: moved to the end of the ${direction} open day, ${describeInstant(calendar, moved.at)}.`);
  return moved;
}

function moveHourlyLoan(rule: ClosedDayRule, due: DueCandidate, start: Date, calendar: ServicePointCalendar, steps: string[]): DueCandidate {
  const closing = lastClosingBefore(calendar, due.at);
  // Due at the very minute of closing is in time: the periods are half-open, but the desk is still there.
  if (isOpenAt(calendar, due.at) || closing?.getTime() === due.at.getTime()) return due;
  const closed = `${describeInstant(calendar, due.at)} is outside opening hours`;
  const keep = (reason: string): DueCandidate => {
    steps.push(`${closed}${reason}`);
    return due;
  };
  if (rule === 'keep') return keep(': the policy keeps the due time.');
  if (rule === 'closing-time' || rule === 'end-of-previous-open-day') {
    if (!closing || closing <= start) return keep(', and the library has not closed since the loan began: the due time is kept.');
    steps.push(`${closed}: moved back to closing time, ${describeInstant(calendar, closing)}.`);
    return { kind: 'time', at: closing };
  }
  if (rule === 'end-of-next-open-day') {
    const opening = nextOpeningAfter(calendar, due.at);
    const end = opening && endOfOpenDay(calendar, localDateOf(calendar, opening));
    if (!end) return keep(`, and no opening was found within ${searchLimitDays} days: the due time is kept.`);
    steps.push(`${closed}: moved to the end of the next open day, ${describeInstant(calendar, end)}.`);
    return { kind: 'time', at: end };
  }
  const stoppedAt = Math.max(closing?.getTime() ?? start.getTime(), start.getTime());
  const remainder = due.at.getTime() - stoppedAt;
  const carried = carryIntoOpenHours(calendar, due.at, remainder);
  if (!carried) return keep(`, and no opening was found within ${searchLimitDays} days: the due time is kept.`);
  const left = closing && closing > start ? `the ${describeDuration(remainder)} past closing` : `all ${describeDuration(remainder)} of the loan`;
  steps.push(`${closed}: ${left} carry into the next opening hours, to ${describeInstant(calendar, carried)}.`);
  return { kind: 'time', at: carried };
}

/** Spends the remaining loan time in open hours only, across as many openings as it takes. */
function carryIntoOpenHours(calendar: ServicePointCalendar, after: Date, remainder: number): Date | undefined {
  let opening = nextOpeningAfter(calendar, after);
  let remaining = remainder;
  for (let stretch = 0; opening && stretch < searchLimitDays; stretch += 1) {
    const closes = closingTimeOf(calendar, opening);
    if (!closes || opening.getTime() + remaining <= closes.getTime()) return new Date(opening.getTime() + remaining);
    remaining -= closes.getTime() - opening.getTime();
    opening = nextOpeningAfter(calendar, closes);
  }
  return undefined;
}

/**
 * A loan is never due after the end of the day the patron's card expires, with one exception: a
 * cap that would fall at or before the loan (or renewal) begins is not applied, as a loan due in
 * the past is overdue the moment it is made. That happens when staff override an expired card;
 * the loan then gets the policy's ordinary due date, which the override was asked for.
 */
function capAtExpiry(due: DueCandidate, expiresOn: string | null, start: Date, calendar: ServicePointCalendar, dueTime: DayLoanDueTime, steps: string[]): DueCandidate {
  if (!expiresOn) return due;
  const endOfExpiry = DateTime.fromISO(addDays(expiresOn, 1), { zone: calendar.timeZone }).toJSDate();
  if (due.at < endOfExpiry) return due;
  if (endOfExpiry <= start) {
    steps.push(`The patron's card expired on ${describeDate(expiresOn)}, already (the desk overrode it): the due date is not pulled back into the past.`);
    return due;
  }
  const expires = `The patron's card expires on ${describeDate(expiresOn)}, before the due date`;
  let moved: DueCandidate;
  let step: string;
  if (due.kind === 'day') {
    const day = isOpenOn(calendar, expiresOn) ? expiresOn : nextOpenDay(calendar, expiresOn, 'previous');
    moved = dayCandidate(calendar, day ?? expiresOn, dueTime);
    step = day
      ? `${expires}: moved back to the end of the last open day on or before it, ${describeInstant(calendar, moved.at)}.`
      : `${expires}, and no open day was found before it: moved back to ${describeInstant(calendar, moved.at)}.`;
  } else {
    const closing = lastClosingBefore(calendar, endOfExpiry);
    moved = { kind: 'time', at: closing ?? dayCandidate(calendar, expiresOn, 'end-of-day').at };
    step = closing
      ? `${expires}: moved back to the last closing time before it ends, ${describeInstant(calendar, moved.at)}.`
      : `${expires}, and no closing time was found before it: moved back to ${describeInstant(calendar, moved.at)}.`;
  }
  if (moved.at <= start) {
    steps.push(`${expires}, but the library's last opening before then has already passed: the due date is not pulled back into the past.`);
    return due;
  }
  steps.push(step);
  return moved;
}

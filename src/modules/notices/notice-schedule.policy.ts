import { DateTime } from 'luxon';
import type { NoticePolicySettings, Period } from '../policies/index.ts';

export type LoanNoticeKind = 'courtesy' | 'overdue' | 'recall';

export interface LoanForNotices {
  loanId: string;
  dueAt: Date;
  recalledAt: Date | null;
}

export interface DueNotice {
  kind: LoanNoticeKind;
  /** Unique per institution: the same event never yields a second notice. */
  eventKey: string;
  templateCode: string | null;
}

/** Days and weeks are counted on the library's calendar, so a notice keeps its local time across DST. */
export function shiftByPeriod(at: Date, period: Period, times: number, timeZone: string): Date {
  return DateTime.fromJSDate(at, { zone: timeZone }).plus({ [period.unit]: period.amount * times }).toJSDate();
}

const oneDay: Period = { amount: 1, unit: 'days' };

/**
 * The loan notices due now under a notice policy:
 * - courtesy: from `offset` (default one day) before the due date until it is due; one per due
 *   date, so a renewal brings a new one;
 * - overdue: `offset` (default none) after the due date, then every `repeatEvery` for at most
 *   `maxRepeats` more notices (blank: no limit, while the loan stays overdue; no `repeatEvery`:
 *   once only); only the latest one due is sent, so a missed day is not made up with a pile of notices;
 * - recall: once per recall.
 */
export function dueLoanNotices(loan: LoanForNotices, policy: NoticePolicySettings, now: Date, timeZone: string): DueNotice[] {
  const due: DueNotice[] = [];
  const dueKey = loan.dueAt.toISOString();
  for (const notice of policy.notices) {
    if (notice.kind === 'courtesy') {
      const from = shiftByPeriod(loan.dueAt, notice.offset ?? oneDay, -1, timeZone);
      if (now >= from && now < loan.dueAt) due.push({ kind: 'courtesy', eventKey: `courtesy:${loan.loanId}:${dueKey}`, templateCode: notice.templateCode });
    } else if (notice.kind === 'overdue') {
      const first = notice.offset ? shiftByPeriod(loan.dueAt, notice.offset, 1, timeZone) : loan.dueAt;
      if (now < first || now <= loan.dueAt) continue;
      const repeat = notice.repeatEvery ? repeatsDueBy(first, notice.repeatEvery, notice.maxRepeats, now, timeZone) : 0;
      due.push({ kind: 'overdue', eventKey: `overdue:${loan.loanId}:${dueKey}:${repeat}`, templateCode: notice.templateCode });
    } else if (notice.kind === 'recall') {
      if (loan.recalledAt && now >= loan.recalledAt) due.push({ kind: 'recall', eventKey: `recall:${loan.loanId}:${loan.recalledAt.toISOString()}`, templateCode: notice.templateCode });
    }
  }
  return due;
}

/**
 * How many repeats of a notice first sent at `first` are due by `now`: every `period`, at most
 * `maxRepeats` (null: no limit, for as long as the loan stays overdue). Estimated from the elapsed
 * time on the library's calendar, then settled exactly, so a loan overdue for years costs no loop.
 */
function repeatsDueBy(first: Date, period: Period, maxRepeats: number | null, now: Date, timeZone: string): number {
  const elapsed = DateTime.fromJSDate(now, { zone: timeZone }).diff(DateTime.fromJSDate(first, { zone: timeZone }), period.unit).as(period.unit);
  let repeat = Math.max(0, Math.floor(elapsed / period.amount));
  while (shiftByPeriod(first, period, repeat + 1, timeZone) <= now) repeat += 1;
  while (repeat > 0 && shiftByPeriod(first, period, repeat, timeZone) > now) repeat -= 1;
  return maxRepeats === null ? repeat : Math.min(repeat, maxRepeats);
}

/** Back-off after a failed send: 15 minutes, then four times longer each attempt, at most a day; none after six attempts. */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  if (attempts >= 6) return null;
  const minutes = Math.min(15 * 4 ** Math.max(0, attempts - 1), 24 * 60);
  return new Date(now.getTime() + minutes * 60_000);
}

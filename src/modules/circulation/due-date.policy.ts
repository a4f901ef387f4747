import type { ServicePointCalendar } from '../org/calendar.policy.ts';
import type { FixedDueDateScheduleSettings, LoanPolicySettings } from './policy-settings.ts';

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

export function dueDateForLoan(_policy: LoanPolicySettings, _loanedAt: Date, _context: DueDateContext & { itemHasRequests: boolean }): DueDateResult {
  throw new Error('dueDateForLoan is not written yet');
}

export function dueDateForRenewal(_policy: LoanPolicySettings, _currentDueAt: Date, _renewedAt: Date, _context: DueDateContext & { itemHasRequests: boolean }): DueDateResult {
  throw new Error('dueDateForRenewal is not written yet');
}

export function dueDateForRecall(_policy: LoanPolicySettings, _loanedAt: Date, _currentDueAt: Date, _recalledAt: Date, _context: DueDateContext): DueDateResult {
  throw new Error('dueDateForRecall is not written yet');
}

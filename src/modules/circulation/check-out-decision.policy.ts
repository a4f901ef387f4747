import { DomainError } from '../../platform/errors.ts';
import type { LoanPolicySettings } from '../policies/index.ts';
import { checkOutRefusals, type CheckOutFacts } from './check-out.policy.ts';
import { dueDateForLoan, type DueDateContext, type DueDateResult } from './due-date.policy.ts';
import { overrideOutcome, refusal, type OverrideOutcome, type Refusal } from './refusal.policy.ts';

/**
 * What a check-out comes to, given what the service read: every failing check, the due date, and
 * whether the loan goes ahead (overridden, refused, or waiting for someone who may override). Pure.
 */
export interface CheckOutDecisionFacts {
  /** The checks' facts; `now` is when the item left (an offline kiosk's time, else now). */
  checks: CheckOutFacts;
  /** A due date set at the desk instead of the policy's. */
  dueAtSetByDesk: Date | null;
  /** The loan policy and what its due date depends on; null when there is no patron, item or loanable policy. */
  dueDate: { policy: LoanPolicySettings; context: DueDateContext & { itemHasRequests: boolean } } | null;
  /** A self-check kiosk's no-block transaction: the item already left. */
  offline: boolean;
  override: { reason: string } | undefined;
  permissions: ReadonlySet<string>;
}

export interface CheckOutDecision {
  refusals: Refusal[];
  due: DueDateResult | null;
  outcome: OverrideOutcome;
}

export function decideCheckOut(facts: CheckOutDecisionFacts): CheckOutDecision {
  const refusals = checkOutRefusals(facts.checks);
  let due: DueDateResult | null = null;
  if (facts.dueAtSetByDesk) {
    due = { dueAt: facts.dueAtSetByDesk, explanation: [`Due date set at the desk: ${facts.dueAtSetByDesk.toISOString()}.`] };
  } else if (facts.dueDate) {
    try {
      due = dueDateForLoan(facts.dueDate.policy, facts.checks.now, facts.dueDate.context);
    } catch (error) {
      // e.g. no fixed due date schedule covers today: the desk can still lend with a due date of its own
      if (!(error instanceof DomainError)) throw error;
      refusals.push(refusal(error.code, error.message, false, { suggestion: 'set a due date' }));
    }
  }
  const outcome = facts.offline ? offlineOutcome(refusals) : overrideOutcome(refusals, facts.override, facts.permissions);
  return { refusals, due, outcome };
}

/** An offline loan already happened: accept what staff could override, refuse what nobody may. */
function offlineOutcome(refusals: Refusal[]): OverrideOutcome {
  if (refusals.some((entry) => !entry.overridable)) return { kind: 'refused', refusals };
  return { kind: 'proceed', overridden: refusals };
}

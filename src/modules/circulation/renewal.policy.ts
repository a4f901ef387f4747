import type { LoanState } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import type { LoanPolicySettings } from '../policies/index.ts';
import { patronStandingRefusals, type PatronFacts } from './check-out.policy.ts';
import { dueDateForRenewal, type DueDateContext, type DueDateResult } from './due-date.policy.ts';
import { overrideOutcome, refusal, type OverrideOutcome, type Refusal } from './refusal.policy.ts';

/**
 * Which renewal checks fail. Pure. Staff may override the policy's limits and the patron's
 * standing; a closed loan, a lost or claimed-returned loan, and a renewal that would not move the
 * due date later cannot be overridden.
 */
export interface RenewalFacts {
  now: Date;
  timeZone: string;
  loan: { status: 'open' | 'closed'; state: LoanState; renewalCount: number; recalledAt: string | null; dueAt: string };
  patron: PatronFacts | null;
  loanPolicy: { name: string; settings: LoanPolicySettings };
  itemRequested: boolean;
  /** The due date a renewal would give, when the policy could compute one. */
  newDueAt: Date | null;
}

export function renewalRefusals(facts: RenewalFacts): Refusal[] {
  const { loan, patron, loanPolicy, now } = facts;
  if (loan.status === 'closed') return [refusal('LOAN_CLOSED', 'This loan has ended.', false)];
  const refusals: Refusal[] = [];
  if (loan.state !== 'checked-out') {
    refusals.push(refusal('LOAN_NOT_CHECKED_OUT', `A loan that is ${loan.state.replace(/-/g, ' ')} cannot be renewed.`, false, { state: loan.state }));
  }
  const renewals = loanPolicy.settings.renewals;
  if (!loanPolicy.settings.loanable || !renewals.allowed) {
    refusals.push(refusal('RENEWALS_NOT_ALLOWED', `Loans under ${loanPolicy.name} cannot be renewed.`, true));
  } else if (renewals.maxRenewals !== null && loan.renewalCount >= renewals.maxRenewals) {
    refusals.push(refusal('RENEWAL_LIMIT_REACHED', `This loan has been renewed ${loan.renewalCount} times; ${loanPolicy.name} allows ${renewals.maxRenewals}.`, true, { renewalCount: loan.renewalCount, maxRenewals: renewals.maxRenewals }));
  }
  if (patron) refusals.push(...patronStandingRefusals(patron, now, facts.timeZone, 'renewals'));
  if (loan.recalledAt) refusals.push(refusal('ITEM_RECALLED', 'This item has been recalled by another patron.', true, { recalledAt: loan.recalledAt }));
  if (renewals.blockedWhenRequested && facts.itemRequested) refusals.push(refusal('ITEM_REQUESTED', 'Another patron has requested this item.', true));
  if (facts.newDueAt && facts.newDueAt.getTime() <= new Date(loan.dueAt).getTime()) {
    refusals.push(refusal('RENEWAL_WOULD_NOT_EXTEND', 'Renewing would not move the due date later (the card may expire first).', false, { dueAt: loan.dueAt, renewedDueAt: facts.newDueAt.toISOString() }));
  } else if (facts.newDueAt && facts.newDueAt.getTime() <= now.getTime()) {
    // A renewal never leaves a loan overdue: its fine to now was settled, so a past due date would charge those days again.
    refusals.push(refusal('RENEWAL_WOULD_NOT_EXTEND', 'Renewing would give a due date that has already passed.', false, { dueAt: loan.dueAt, renewedDueAt: facts.newDueAt.toISOString() }));
  }
  return refusals;
}

/** What a renewal decides from: the checks' facts (without the new due date) and what the due date depends on. */
export interface RenewalDecisionFacts {
  checks: Omit<RenewalFacts, 'newDueAt'>;
  /** What the new due date depends on; null when none can be worked out (closed or unloanable loan, no desk or patron). */
  dueDate: { context: DueDateContext & { itemHasRequests: boolean } } | null;
  override: { reason: string } | undefined;
  permissions: ReadonlySet<string>;
}

export interface RenewalDecision {
  due: DueDateResult | null;
  outcome: OverrideOutcome;
  /** The loan is overdue: its fine to now is settled against the old due date before the loan moves on. */
  settlesFine: boolean;
}

/** The new due date, every failing check, and whether the renewal goes ahead. Pure. */
export function decideRenewal(facts: RenewalDecisionFacts): RenewalDecision {
  const { checks } = facts;
  let due: DueDateResult | null = null;
  const refusals: Refusal[] = [];
  if (facts.dueDate) {
    try {
      due = dueDateForRenewal(checks.loanPolicy.settings, new Date(checks.loan.dueAt), checks.now, facts.dueDate.context);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusals.push(refusal(error.code, error.message, false));
    }
  }
  refusals.push(...renewalRefusals({ ...checks, newDueAt: due?.dueAt ?? null }));
  return { due, outcome: overrideOutcome(refusals, facts.override, facts.permissions), settlesFine: new Date(checks.loan.dueAt).getTime() < checks.now.getTime() };
}

import type { LoanState } from '../../db/schema.ts';
import { patronStandingRefusals, type PatronFacts } from './check-out.policy.ts';
import type { LoanPolicySettings } from '../policies/index.ts';
import { refusal, type Refusal } from './refusal.policy.ts';

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

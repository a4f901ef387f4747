import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { calendarOfServicePoint } from '../org/index.ts';
import { requireServicePoint } from '../org/index.ts';
import type { DueDatePreview } from './circulation-rule-tester.service.ts';
import { dueDateForLoan } from './due-date.policy.ts';
import type { LoanPolicySettings } from '../policies/index.ts';
import { fixedDueDateSchedulesOf } from './policies.queries.ts';

/**
 * The due date a loan made now at a desk would get under a loan policy as edited, before it is
 * saved; a policy that does not lend, or cannot be applied, says why instead of a date.
 */
export async function previewLoanPolicy(
  db: Kysely<Database>,
  clock: Clock,
  institutionId: string,
  input: { policy: LoanPolicySettings; servicePointId: string; itemHasRequests?: boolean | undefined },
): Promise<DueDatePreview> {
  await requireServicePoint(db, institutionId, input.servicePointId);
  const loanedAt = clock.now();
  const base = { servicePointId: input.servicePointId, loanedAt: loanedAt.toISOString() };
  if (!input.policy.loanable) return { ...base, dueAt: null, explanation: ['This policy does not lend items.'] };
  const [calendar, fixedSchedules] = await Promise.all([calendarOfServicePoint(db, institutionId, input.servicePointId), fixedDueDateSchedulesOf(db, institutionId)]);
  try {
    const result = dueDateForLoan(input.policy, loanedAt, { calendar, patronExpiresOn: null, fixedSchedules, itemHasRequests: input.itemHasRequests ?? false });
    return { ...base, dueAt: result.dueAt.toISOString(), explanation: result.explanation };
  } catch (error) {
    if (error instanceof DomainError) return { ...base, dueAt: null, explanation: [error.message] };
    throw error;
  }
}

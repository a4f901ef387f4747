import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../audit/audit.queries.ts';
import type { Clock } from '../../platform/clock.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/job-run.queries.ts';
import { retryWhenBusy } from '../circulation/loan.queries.ts';
import { overdueFineInputOf, settleLoanPeriodFine } from './fines-from-circulation.service.ts';
import { findLoanFeeFacts } from './loan-fees.queries.ts';
import { calculateOverdueFine } from './overdue-fine.policy.ts';

export const fineAccrualJobName = 'fine-accrual';

export interface FineAccrualOutcome {
  runKey: string;
  alreadyRan: boolean;
  /** Loans whose fine went up this run. */
  raised: string[];
}

/**
 * The daily job that keeps the fine of each open overdue loan visible on the patron's account:
 * the loan period's fine fee is raised (an adjustment, never a second fee) to what is owed so
 * far. It runs once per local day (keyed in job_run), and raising to a total is idempotent
 * anyway; check-in and renewal settle the final amount.
 */
export async function runFineAccrual(db: Kysely<Database>, clock: Clock, institutionId: string): Promise<FineAccrualOutcome> {
  const now = clock.now();
  const { runKey, claimed } = await claimDailyJobRun(db, fineAccrualJobName, institutionId, now);
  if (!claimed) return { runKey, alreadyRan: true, raised: [] };

  const actor: Actor = { kind: 'system', id: null, name: 'fine accrual job', institutionId };
  // Lost and claimed-returned loans accrue nothing: their fines are settled when the item comes back.
  const candidates = await db
    .selectFrom('loan')
    .select(['id', 'patron_id', 'checkout_service_point_id'])
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'open')
    .where('state', '=', 'checked-out')
    .where('overdue_fine_policy_id', 'is not', null)
    .where('patron_id', 'is not', null)
    .where('due_at', '<', now.toISOString())
    .execute();
  const raised: string[] = [];
  for (const loan of candidates) {
    const went = await retryWhenBusy(() =>
      db.transaction().execute(async (trx) => {
        const facts = await findLoanFeeFacts(trx, institutionId, loan.id);
        const input = await overdueFineInputOf(trx, institutionId, facts, null);
        if (!input) return false;
        const fine = calculateOverdueFine({ ...input, returnedAt: now });
        const settled = await settleLoanPeriodFine(trx, now, actor, facts, {
          patronId: loan.patron_id!,
          ownerServicePointId: loan.checkout_service_point_id,
          targetCents: fine.fineCents,
          mode: 'raise-only',
        });
        return settled.changeCents > 0;
      }),
    );
    if (went) raised.push(loan.id);
  }
  await finishJobRun(db, fineAccrualJobName, runKey, institutionId, clock.now(), { raised: raised.length, loanIds: raised });
  return { runKey, alreadyRan: false, raised };
}

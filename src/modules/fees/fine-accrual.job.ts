import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../audit/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/index.ts';
import { overdueFineInputOf, settleLoanPeriodFine, type CalendarsLoaded } from './fines-from-circulation.service.ts';
import { findLoanFeeFacts, overdueLoansAccruingFines } from './loan-fees.queries.ts';
import { calculateOverdueFine } from './overdue-fine.policy.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

export const fineAccrualJobName = 'fine-accrual';

const loansPerTransaction = 200;

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
  const candidates = await overdueLoansAccruingFines(db, institutionId, now.toISOString());
  const raised: string[] = [];
  const calendars: CalendarsLoaded = new Map();
  // Many loans per transaction: one commit (one fsync on SQLite) per batch instead of per loan makes a night with
  // 100,000 overdue loans take minutes, not hours. Raising to a total is idempotent, so a failed batch is safe to redo.
  for (let start = 0; start < candidates.length; start += loansPerTransaction) {
    const batch = candidates.slice(start, start + loansPerTransaction);
    const wentUp = await retryWhenBusy(() =>
      db.transaction().execute(async (trx) => {
        const ids: string[] = [];
        for (const loan of batch) if (await raiseFineOfLoan(trx, now, actor, loan, calendars)) ids.push(loan.id);
        return ids;
      }),
    );
    raised.push(...wentUp);
  }
  await finishJobRun(db, fineAccrualJobName, runKey, institutionId, clock.now(), { raised: raised.length, loanIds: raised });
  return { runKey, alreadyRan: false, raised };
}

/** Raise one loan's fine to what it owes so far; true when it went up. */
async function raiseFineOfLoan(
  trx: Kysely<Database>,
  now: Date,
  actor: Actor,
  loan: { id: string; patron_id: string | null; checkout_service_point_id: string | null },
  calendars: CalendarsLoaded,
): Promise<boolean> {
  const facts = await findLoanFeeFacts(trx, actor.institutionId, loan.id);
  const input = await overdueFineInputOf(trx, actor.institutionId, facts, null, calendars);
  if (!input) return false;
  const fine = calculateOverdueFine({ ...input, returnedAt: now });
  const settled = await settleLoanPeriodFine(trx, now, actor, facts, {
    patronId: loan.patron_id!,
    ownerServicePointId: loan.checkout_service_point_id,
    targetCents: fine.fineCents,
    mode: 'raise-only',
  });
  return settled.changeCents > 0;
}

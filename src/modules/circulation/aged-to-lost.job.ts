import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../audit/index.ts';
import { chargeLostItemWithin } from '../fees/index.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/index.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { countOnPatron, moveLoanState, overdueLoansWithLostItemPolicy } from './loan-state.queries.ts';
import { lostItemPolicySettingsSchema, type Period } from '../policies/index.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';
import { changeItemStatus } from '../catalog/index.ts';

export const agedToLostJobName = 'aged-to-lost';

export interface AgedToLostOutcome {
  runKey: string;
  alreadyRan: boolean;
  agedToLost: string[];
}

/** Overdue by the lost item policy's delay, counted in the library's zone for days and weeks. */
export function agesToLostAt(dueAt: string, after: Period, timeZone: string): Date {
  return DateTime.fromISO(dueAt, { zone: timeZone }).plus({ [after.unit]: after.amount }).toJSDate();
}

/**
 * The scheduled aged-to-lost job for one institution. It runs once per local day (keyed in
 * job_run, so several app nodes cannot both run it), and each loan moves with its own
 * conditional update, so even two runners racing never age a loan twice.
 */
export async function runAgedToLost(db: Kysely<Database>, clock: Clock, institutionId: string): Promise<AgedToLostOutcome> {
  const now = clock.now();
  const { runKey, timeZone, claimed } = await claimDailyJobRun(db, agedToLostJobName, institutionId, now);
  if (!claimed) return { runKey, alreadyRan: true, agedToLost: [] };

  const candidates = await overdueLoansWithLostItemPolicy(db, institutionId, now);
  const agedToLost: string[] = [];
  const actor: Actor = { kind: 'system', id: null, name: 'aged-to-lost job', institutionId };
  for (const loan of candidates) {
    const after = lostItemPolicySettingsSchema.parse(JSON.parse(loan.settings)).agedToLostAfter;
    if (!after || agesToLostAt(loan.due_at, after, timeZone).getTime() > now.getTime()) continue;
    const moved = await retryWhenBusy(() =>
      db.transaction().execute(async (trx) => {
        if (!(await moveLoanState(trx, loan.id, 'checked-out', 'aged-to-lost', now, 'aged_to_lost_at'))) return false;
        await changeItemStatus(trx, loan.item_id, 'checked-out', 'aged-to-lost', now);
        if (loan.patron_id) await countOnPatron(trx, loan.patron_id, 'lost_item_count');
        await chargeLostItemWithin(trx, now, actor, { loanId: loan.id, patronId: loan.patron_id, how: 'aged-to-lost' });
        await recordCirculationEvent(trx, {
          institutionId,
          kind: 'item-aged-to-lost',
          loanId: loan.id,
          itemId: loan.item_id,
          patronId: loan.patron_id,
          occurredAt: now,
          payload: { lostItemPolicyId: loan.lost_item_policy_id, dueAt: loan.due_at, replacementCostCents: loan.replacement_cost_cents },
        });
        return true;
      }),
    );
    if (moved) agedToLost.push(loan.id);
  }
  await finishJobRun(db, agedToLostJobName, runKey, institutionId, clock.now(), { agedToLost: agedToLost.length, loanIds: agedToLost });
  return { runKey, alreadyRan: false, agedToLost };
}

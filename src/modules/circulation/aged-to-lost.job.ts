import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../audit/index.ts';
import { chargeLostItemWithin } from '../fees/index.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/index.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { lostItemPolicySettingsSchema, type Period } from '../policies/index.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

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

  const candidates = await db
    .selectFrom('loan')
    .innerJoin('lost_item_policy', 'lost_item_policy.id', 'loan.lost_item_policy_id')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .select(['loan.id', 'loan.item_id', 'loan.patron_id', 'loan.due_at', 'loan.lost_item_policy_id', 'lost_item_policy.settings', 'item.replacement_cost_cents'])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.status', '=', 'open')
    .where('loan.state', '=', 'checked-out')
    .where('loan.due_at', '<', now.toISOString())
    .execute();
  const agedToLost: string[] = [];
  const actor: Actor = { kind: 'system', id: null, name: 'aged-to-lost job', institutionId };
  for (const loan of candidates) {
    const after = lostItemPolicySettingsSchema.parse(JSON.parse(loan.settings)).agedToLostAfter;
    if (!after || agesToLostAt(loan.due_at, after, timeZone).getTime() > now.getTime()) continue;
    const moved = await retryWhenBusy(() =>
      db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('loan')
          .set({ state: 'aged-to-lost', aged_to_lost_at: now.toISOString(), updated_at: now.toISOString() })
          .where('id', '=', loan.id)
          .where('status', '=', 'open')
          .where('state', '=', 'checked-out')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        await trx
          .updateTable('item')
          .set({ status: 'aged-to-lost', status_changed_at: now.toISOString(), updated_at: now.toISOString() })
          .where('id', '=', loan.item_id)
          .where('status', '=', 'checked-out')
          .execute();
        if (loan.patron_id) await trx.updateTable('patron').set({ lost_item_count: sql`lost_item_count + 1` }).where('id', '=', loan.patron_id).execute();
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

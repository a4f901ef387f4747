import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { localDateOf } from '../patrons/patron.policy.ts';

export interface DailyJobClaim {
  /** The institution's local date the run is keyed by. */
  runKey: string;
  timeZone: string;
  /** False when this job already ran (or is running) for this institution today, on any app node. */
  claimed: boolean;
}

/**
 * Claim today's run of a daily job for one institution. The claim is a row keyed by job, local
 * date and institution, so whichever app node inserts it first runs the job and the rest skip.
 */
export async function claimDailyJobRun(db: Kysely<Database>, jobName: string, institutionId: string, now: Date): Promise<DailyJobClaim> {
  const institution = await db.selectFrom('institution').select('time_zone').where('id', '=', institutionId).executeTakeFirstOrThrow();
  const runKey = localDateOf(now, institution.time_zone);
  const inserted = await db
    .insertInto('job_run')
    .values({ job_name: jobName, run_key: runKey, institution_id: institutionId, started_at: now.toISOString() })
    .onConflict((conflict) => conflict.columns(['job_name', 'run_key', 'institution_id']).doNothing())
    .executeTakeFirst();
  return { runKey, timeZone: institution.time_zone, claimed: Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 };
}

export async function finishJobRun(db: Kysely<Database>, jobName: string, runKey: string, institutionId: string, finishedAt: Date, outcome: unknown): Promise<void> {
  await db
    .updateTable('job_run')
    .set({ finished_at: finishedAt.toISOString(), outcome: JSON.stringify(outcome) })
    .where('job_name', '=', jobName)
    .where('run_key', '=', runKey)
    .where('institution_id', '=', institutionId)
    .execute();
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { localDateOf } from '../patrons/index.ts';

export interface DailyJobClaim {
  /** The institution's local date the run is keyed by. */
  runKey: string;
  timeZone: string;
  /** False when this job already ran (or is running) for this institution today, on any app node. */
  claimed: boolean;
}

/**
 * How long a claimed run may go unfinished before another node takes it over: the claiming node most likely died
 * mid-job. Every daily job is idempotent (fines are raised to a total, state changes check the state first, notices
 * and bursar lines are keyed), so in the rare case the first node was only slow, running it again does no harm.
 */
export const jobRunLeaseMinutes = 60;

/**
 * Claim today's run of a daily job for one institution. The claim is a row keyed by job, local
 * date and institution, so whichever app node inserts it first runs the job and the rest skip;
 * a claim left unfinished past its lease is taken over.
 */
export async function claimDailyJobRun(db: Kysely<Database>, jobName: string, institutionId: string, now: Date): Promise<DailyJobClaim> {
  const institution = await db.selectFrom('institution').select('time_zone').where('id', '=', institutionId).executeTakeFirstOrThrow();
  const runKey = localDateOf(now, institution.time_zone);
  const inserted = await db
    .insertInto('job_run')
    .values({ job_name: jobName, run_key: runKey, institution_id: institutionId, started_at: now.toISOString() })
    .onConflict((conflict) => conflict.columns(['job_name', 'run_key', 'institution_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { runKey, timeZone: institution.time_zone, claimed: true };
  const takenOver = await db
    .updateTable('job_run')
    .set({ started_at: now.toISOString() })
    .where('job_name', '=', jobName)
    .where('run_key', '=', runKey)
    .where('institution_id', '=', institutionId)
    .where('finished_at', 'is', null)
    .where('started_at', '<', leaseExpiredBefore(now))
    .executeTakeFirst();
  return { runKey, timeZone: institution.time_zone, claimed: Number(takenOver.numUpdatedRows) === 1 };
}

function leaseExpiredBefore(now: Date): string {
  return new Date(now.getTime() - jobRunLeaseMinutes * 60_000).toISOString();
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

/** The jobs finished, or running within their lease, for one institution and local date. */
export async function claimedJobNames(db: Kysely<Database>, institutionId: string, runKey: string, now: Date): Promise<Set<string>> {
  const rows = await db
    .selectFrom('job_run')
    .select('job_name')
    .where('institution_id', '=', institutionId)
    .where('run_key', '=', runKey)
    .where((eb) => eb.or([eb('finished_at', 'is not', null), eb('started_at', '>=', leaseExpiredBefore(now))]))
    .execute();
  return new Set(rows.map((row) => row.job_name));
}

export interface LastJobRun {
  jobName: string;
  institutionCode: string;
  runKey: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: unknown;
}

/** The latest run of every job at every institution (run keys are local dates, so they sort). */
export async function lastJobRuns(db: Kysely<Database>): Promise<LastJobRun[]> {
  const rows = await db
    .selectFrom('job_run')
    .innerJoin('institution', 'institution.id', 'job_run.institution_id')
    .innerJoin(
      (query) =>
        query
          .selectFrom('job_run')
          .select(['job_name', 'institution_id'])
          .select((eb) => eb.fn.max('run_key').as('last_key'))
          .groupBy(['job_name', 'institution_id'])
          .as('latest'),
      (join) =>
        join
          .onRef('latest.job_name', '=', 'job_run.job_name')
          .onRef('latest.institution_id', '=', 'job_run.institution_id')
          .onRef('latest.last_key', '=', 'job_run.run_key'),
    )
    .select(['job_run.job_name', 'institution.code', 'job_run.run_key', 'job_run.started_at', 'job_run.finished_at', 'job_run.outcome'])
    .orderBy('job_run.job_name')
    .orderBy('institution.code')
    .execute();
  return rows.map((row) => ({
    jobName: row.job_name,
    institutionCode: row.code,
    runKey: row.run_key,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome === null ? null : JSON.parse(row.outcome),
  }));
}

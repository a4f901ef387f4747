import type { CarrelConfig } from '../config.ts';
import type { NodeContext } from '../node-context.ts';
import { claimedJobNames, isDailyJobDue } from '../modules/jobs/index.ts';
import { institutionsInCodeOrder } from '../modules/org/index.ts';
import { localDateOf } from '../modules/patrons/index.ts';
import { jobCatalog, runNamedJob } from './job-catalog.ts';

/** The part of a pino logger the scheduler uses (Fastify's app.log fits). */
export interface SchedulerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SchedulerDeps {
  /** The node's context, built at start-up: its database, clock, event bus (jobs announce like desks do) and module wiring. */
  context: NodeContext;
  config: Pick<CarrelConfig, 'dataDir'> & Partial<Pick<CarrelConfig, 'smtpUrl'>>;
  logger: SchedulerLogger;
}

export interface SchedulerTickResult {
  ran: { job: string; institutionId: string; runKey: string; summary: string }[];
  failed: { job: string; institutionId: string; message: string }[];
}

/**
 * One pass: every due job at every institution, in catalog order. The due check only saves work;
 * the job's own claim in job_run is what keeps two nodes from running the same day twice.
 * A failing job is logged and the pass goes on.
 */
export async function runSchedulerTick({ context, config, logger }: SchedulerDeps, stopping: () => boolean = () => false): Promise<SchedulerTickResult> {
  const { db, clock } = context;
  const result: SchedulerTickResult = { ran: [], failed: [] };
  const institutions = await institutionsInCodeOrder(db);
  for (const institution of institutions) {
    for (const job of jobCatalog) {
      // A node shutting down finishes the job it is running but starts no other.
      if (stopping()) return result;
      try {
        const now = clock.now();
        const claimed = await claimedJobNames(db, institution.id, localDateOf(now, institution.time_zone), now);
        if (!isDailyJobDue(now, institution.time_zone, job.dailyAt, claimed.has(job.name))) continue;
        const run = await runNamedJob(job.name, context, institution.id, config);
        if (run.alreadyRan) continue;
        result.ran.push({ job: job.name, institutionId: institution.id, runKey: run.runKey, summary: run.summary });
        logger.info({ job: job.name, institution: institution.code, runKey: run.runKey }, `${job.name} at ${institution.code}: ${run.summary}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result.failed.push({ job: job.name, institutionId: institution.id, message });
        logger.error({ job: job.name, institution: institution.code, err: error }, `${job.name} at ${institution.code} failed: ${message}`);
      }
    }
  }
  return result;
}

export interface RunningScheduler {
  /** Stops ticking; resolves once the job in progress has finished, or after graceMs when given. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Tick now and then every intervalMs. The next tick is scheduled only when the previous one
 * ends, so ticks never overlap however slow a job is.
 */
export function startScheduler({ intervalMs = 60_000, ...deps }: SchedulerDeps & { intervalMs?: number }): RunningScheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const tick = () => {
    timer = undefined;
    running = runSchedulerTick(deps, () => stopped)
      .then(
        () => undefined,
        (error: unknown) => deps.logger.error({ err: error }, `Scheduler tick failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) schedule(intervalMs);
      });
  };
  const schedule = (delay: number) => {
    timer = setTimeout(tick, delay);
    timer.unref();
  };

  schedule(0);
  return {
    async stop({ graceMs }: { graceMs?: number } = {}) {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (graceMs === undefined) return running;
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)))]);
      clearTimeout(graceTimer);
    },
  };
}

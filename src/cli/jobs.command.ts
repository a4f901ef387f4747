import type { Command } from 'commander';
import { isJobName, jobCatalog, jobNames, runNamedJob } from '../jobs/job-catalog.ts';
import { lastJobRuns } from '../modules/jobs/index.ts';
import { createNoticeTrigger, subscribeNoticesToEvents } from '../modules/notices/index.ts';
import { institutionsInCodeOrder } from '../modules/org/index.ts';
import { resolveInstitution } from '../modules/org/index.ts';
import { fixedClock, systemClock, type Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { createDomainEventBus } from '../platform/domain-events.ts';
import { createNodeContext } from '../node-context.ts';
import { reportCommandFailure, withDatabase } from './cli-context.ts';

export function registerJobsCommand(program: Command): void {
  const command = program.command('jobs').description('Scheduled jobs (each runs at most once per institution and local day)');
  command
    .command('list')
    .description('The jobs, their daily times and their last run at each institution')
    .action(async () => {
      try {
        await withDatabase(async ({ db }) => {
          const runs = await lastJobRuns(db);
          for (const job of jobCatalog) {
            console.log(`${job.name}  daily at ${job.dailyAt} local time: ${job.description}`);
            const ofJob = runs.filter((run) => run.jobName === job.name);
            if (ofJob.length === 0) console.log('  never run');
            for (const run of ofJob) {
              const outcome = run.finishedAt ? `finished ${run.finishedAt}, ${JSON.stringify(run.outcome)}` : 'not finished (running, or failed)';
              console.log(`  ${run.institutionCode}: last run ${run.runKey}, started ${run.startedAt}, ${outcome}`);
            }
          }
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
  command
    .command('run')
    .description(`Run a job now: ${jobNames.join(', ')}`)
    .argument('<job>', jobNames.join(' | '))
    .option('--institution <code>', 'only this institution (default: every institution)')
    .option('--at <time>', 'run as of this ISO time, e.g. 2026-03-09T08:00:00Z to rerun a missed day')
    .action(async (job: string, options: { institution?: string; at?: string }) => {
      try {
        if (!isJobName(job)) throw new DomainError('VALIDATION_FAILED', `Unknown job ${job}; known jobs: ${jobNames.join(', ')}.`);
        const clock = clockOf(options.at);
        await withDatabase(async ({ db }, config) => {
          // Built once for the command, like a node's: what a job announces (holds expired on the shelf)
          // starts the notice delivery pass, which finishes before the database closes.
          const report = (error: unknown) => console.error(error);
          const context = createNodeContext(db, clock, createDomainEventBus(report));
          const noticeTrigger = createNoticeTrigger({ db, clock, config: { smtpUrl: config.smtpUrl }, onError: report });
          subscribeNoticesToEvents(context.events, noticeTrigger);
          const institutions = options.institution
            ? [await resolveInstitution(db, options.institution)]
            : await institutionsInCodeOrder(db);
          if (institutions.length === 0) console.log('There is no institution yet: nothing to do.');
          for (const institution of institutions) {
            const outcome = await runNamedJob(job, context, institution.id, config);
            console.log(outcome.alreadyRan ? `${institution.code}: ${job} already ran for ${outcome.runKey}` : `${institution.code}: ${job} for ${outcome.runKey}: ${outcome.summary}`);
          }
          await noticeTrigger.idle();
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

function clockOf(at: string | undefined): Clock {
  if (at === undefined) return systemClock;
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) throw new DomainError('VALIDATION_FAILED', `--at ${at} is not an ISO time such as 2026-03-09T08:00:00Z.`);
  return fixedClock(when);
}

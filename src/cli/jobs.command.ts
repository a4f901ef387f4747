import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { runAgedToLost } from '../modules/circulation/aged-to-lost.job.ts';
import { runBursarTransferJob } from '../modules/fees/bursar-transfer.job.ts';
import { runFineAccrual } from '../modules/fees/fine-accrual.job.ts';
import { runHoldShelfExpiry } from '../modules/requests/hold-shelf.service.ts';
import { resolveInstitution } from '../modules/org/institution.queries.ts';
import { systemClock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { reportCommandFailure, withDatabase } from './cli-context.ts';

/** The scheduled jobs, runnable by hand or from cron until Carrel has its own scheduler. */
const jobs = ['aged-to-lost', 'fine-accrual', 'bursar-transfer', 'hold-shelf-expiry'] as const;

export function registerJobsCommand(program: Command): void {
  const command = program.command('jobs').description('Scheduled jobs (each runs at most once per institution and day)');
  command
    .command('run')
    .description(`Run a job now: ${jobs.join(', ')}`)
    .argument('<job>', jobs.join(' | '))
    .option('--institution <code>', 'only this institution (default: every institution)')
    .action(async (job: string, options: { institution?: string }) => {
      try {
        if (!(jobs as readonly string[]).includes(job)) throw new DomainError('VALIDATION_FAILED', `Unknown job ${job}; known jobs: ${jobs.join(', ')}.`);
        await withDatabase(async ({ db }, config) => {
          const institutions = options.institution
            ? [await resolveInstitution(db, options.institution)]
            : await db.selectFrom('institution').selectAll().orderBy('code').execute();
          if (institutions.length === 0) console.log('There is no institution yet: nothing to do.');
          for (const institution of institutions) {
            const outcome = await runJob(job as (typeof jobs)[number], db, institution.id, config.dataDir);
            console.log(outcome.alreadyRan ? `${institution.code}: ${job} already ran for ${outcome.runKey}` : `${institution.code}: ${job} for ${outcome.runKey}: ${outcome.summary}`);
          }
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

async function runJob(job: (typeof jobs)[number], db: Kysely<Database>, institutionId: string, dataDir: string) {
  switch (job) {
    case 'fine-accrual': {
      const run = await runFineAccrual(db, systemClock, institutionId);
      return { ...run, summary: `${run.raised.length} loan fine(s) raised` };
    }
    case 'bursar-transfer': {
      const run = await runBursarTransferJob(db, systemClock, institutionId, dataDir);
      return { ...run, summary: run.filePath ? `exported to ${run.filePath}` : 'no balances due for transfer' };
    }
    case 'aged-to-lost': {
      const run = await runAgedToLost(db, systemClock, institutionId);
      return { ...run, summary: `${run.agedToLost.length} loan(s) aged to lost` };
    }
    case 'hold-shelf-expiry': {
      const run = await runHoldShelfExpiry(db, systemClock, institutionId);
      return { ...run, summary: `${run.expired.length} hold(s) expired on the hold shelf` };
    }
  }
}

import type { CarrelConfig } from '../config.ts';
import type { NodeContext } from '../node-context.ts';
import { deleteAuditEventsPastRetention } from '../modules/audit/index.ts';
import { runAgedToLost } from '../modules/circulation/index.ts';
import { runBursarTransferJob } from '../modules/fees/index.ts';
import { runFineAccrual } from '../modules/fees/index.ts';
import { claimDailyJobRun, finishJobRun } from '../modules/jobs/index.ts';
import { runNoticesJob } from '../modules/notices/index.ts';
import { runHoldShelfExpiry } from '../modules/requests/index.ts';

export const jobNames = ['fine-accrual', 'aged-to-lost', 'bursar-transfer', 'audit-retention', 'hold-shelf-expiry', 'notices'] as const;
export type JobName = (typeof jobNames)[number];

export interface ScheduledJob {
  name: JobName;
  /** Local wall-clock time ('HH:MM', institution's time zone) from which the day's run is due. */
  dailyAt: string;
  description: string;
}

/**
 * The daily jobs, in the order they run. Times are the institution's local time and chosen so
 * each job sees the previous one's work: fines accrue after midnight closes the day, loans age
 * to lost after that (charging replacement fees), the bursar export then carries the night's
 * charges, the audit log drops what is past its retention period, and expired holds clear before
 * the desks open so the morning list is ready.
 * A server that was down past a job's time runs it at its next tick the same day; a day missed
 * entirely is not caught up (run it by hand with `carrel jobs run NAME --at TIME`).
 */
export const jobCatalog: readonly ScheduledJob[] = [
  { name: 'fine-accrual', dailyAt: '00:30', description: 'Raise overdue fines on open overdue loans' },
  { name: 'aged-to-lost', dailyAt: '01:00', description: 'Age long-overdue loans to lost and charge replacement fees' },
  { name: 'bursar-transfer', dailyAt: '02:00', description: 'Export balances due to the bursar' },
  { name: 'audit-retention', dailyAt: '03:00', description: 'Delete audit events older than the retention period (Settings → Audit log)' },
  { name: 'hold-shelf-expiry', dailyAt: '06:00', description: 'Expire holds left on the hold shelf past their deadline' },
  { name: 'notices', dailyAt: '07:00', description: 'Email the notices due (loans, holds, requests, fees, lost items, expiring accounts); retry failed ones' },
];

export function isJobName(name: string): name is JobName {
  return (jobNames as readonly string[]).includes(name);
}

export interface NamedJobRun {
  /** The institution's local date the run is keyed by. */
  runKey: string;
  /** True when this job had already run (or was running) for that date, here or on another node. */
  alreadyRan: boolean;
  summary: string;
}

/**
 * Run one job for one institution as of the context's clock; idempotent per job, institution and local
 * date. The context is the node's (the scheduler's, or the CLI's), so what a job announces (a hold
 * expired on the shelf) reaches the node's subscribers like a desk change does.
 */
export async function runNamedJob(
  name: JobName,
  ctx: NodeContext,
  institutionId: string,
  config: Pick<CarrelConfig, 'dataDir'> & Partial<Pick<CarrelConfig, 'smtpUrl'>>,
): Promise<NamedJobRun> {
  const { db, clock } = ctx;
  switch (name) {
    case 'fine-accrual': {
      const run = await runFineAccrual(db, clock, institutionId);
      return { runKey: run.runKey, alreadyRan: run.alreadyRan, summary: `${run.raised.length} loan fine(s) raised` };
    }
    case 'bursar-transfer': {
      const run = await runBursarTransferJob(db, clock, institutionId, config.dataDir);
      return { runKey: run.runKey, alreadyRan: run.alreadyRan, summary: run.filePath ? `exported to ${run.filePath}` : 'no balances due for transfer' };
    }
    case 'aged-to-lost': {
      const run = await runAgedToLost(db, clock, institutionId);
      return { runKey: run.runKey, alreadyRan: run.alreadyRan, summary: `${run.agedToLost.length} loan(s) aged to lost` };
    }
    case 'audit-retention': {
      // The audit module imports no other module (everyone records audit events), so its job is claimed here.
      const { runKey, claimed } = await claimDailyJobRun(db, name, institutionId, clock.now());
      if (!claimed) return { runKey, alreadyRan: true, summary: 'audit events already pruned today' };
      const run = await deleteAuditEventsPastRetention(db, clock.now(), institutionId);
      await finishJobRun(db, name, runKey, institutionId, clock.now(), run);
      return { runKey, alreadyRan: false, summary: run.cutoff ? `${run.deleted} audit event(s) from before ${run.cutoff} deleted` : 'audit events are kept for ever' };
    }
    case 'hold-shelf-expiry': {
      const run = await runHoldShelfExpiry(ctx, institutionId);
      return { runKey: run.runKey, alreadyRan: run.alreadyRan, summary: `${run.expired.length} hold(s) expired on the hold shelf, ${run.unneeded.length} request(s) past their not-needed-after date closed` };
    }
    case 'notices': {
      const run = await runNoticesJob(db, clock, institutionId, { smtpUrl: config.smtpUrl });
      return { runKey: run.runKey, alreadyRan: run.alreadyRan, summary: `${run.sent} notice email(s) sent, ${run.failed} failed, ${run.queued} waiting for SMTP` };
    }
  }
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/index.ts';
import { runNotices, type NoticesConfig, type NoticesRun } from './notices.service.ts';

export const noticesJobName = 'notices';

/** The daily notices run, once per institution and local date (each notice is sent once anyway). */
export async function runNoticesJob(db: Kysely<Database>, clock: Clock, institutionId: string, config: NoticesConfig): Promise<NoticesRun & { runKey: string; alreadyRan: boolean }> {
  const { runKey, claimed } = await claimDailyJobRun(db, noticesJobName, institutionId, clock.now());
  if (!claimed) return { runKey, alreadyRan: true, sent: 0, failed: 0, queued: 0, deliveries: 0 };
  const run = await runNotices(db, clock, institutionId, config);
  await finishJobRun(db, noticesJobName, runKey, institutionId, clock.now(), run);
  return { runKey, alreadyRan: false, ...run };
}

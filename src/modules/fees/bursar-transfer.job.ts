import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { claimDailyJobRun, finishJobRun } from '../jobs/index.ts';
import { requireInstitution } from '../org/index.ts';
import { runBursarTransfer, type BursarBatchView } from './bursar-transfer.service.ts';

export const bursarTransferJobName = 'bursar-transfer';

export interface BursarTransferJobOutcome {
  runKey: string;
  alreadyRan: boolean;
  batch: BursarBatchView | null;
  /** Where the export file was written, or null when nothing went. */
  filePath: string | null;
}

/**
 * The scheduled bursar transfer: at most once per institution and local day (claimed in
 * job_run), by the library's rules per patron group, writing the export file under
 * <dataDir>/bursar/<institution code>/ for the student account system to pick up.
 */
export async function runBursarTransferJob(db: Kysely<Database>, clock: Clock, institutionId: string, dataDir: string): Promise<BursarTransferJobOutcome> {
  const now = clock.now();
  const { runKey, claimed } = await claimDailyJobRun(db, bursarTransferJobName, institutionId, now);
  if (!claimed) return { runKey, alreadyRan: true, batch: null, filePath: null };
  const institution = await requireInstitution(db, institutionId);

  const who = { actor: { kind: 'system' as const, id: null, name: bursarTransferJobName, institutionId }, permissions: new Set<string>(), roleCode: null };
  const result = await runBursarTransfer(db, clock, who, {});
  let filePath: string | null = null;
  if (result.batch) {
    const folder = path.join(dataDir, 'bursar', institution.code);
    await mkdir(folder, { recursive: true });
    filePath = path.join(folder, result.batch.fileName);
    await writeFile(filePath, result.csv, 'utf8');
  }
  await finishJobRun(db, bursarTransferJobName, runKey, institutionId, clock.now(), { batchId: result.batch?.id ?? null, feeCount: result.lines.length, totalCents: result.totalCents });
  return { runKey, alreadyRan: false, batch: result.batch, filePath };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type CarrelDatabase } from '../../src/db/database.ts';
import { jobCatalog } from '../../src/jobs/job-catalog.ts';
import { runSchedulerTick, startScheduler, type SchedulerDeps, type SchedulerLogger } from '../../src/jobs/scheduler.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkOutVia, makeDesk } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import type { StaffSession } from '../support/http.ts';
import { testServiceContext } from '../support/service-context.ts';

const day = 24 * 3600_000;

/** A logger that keeps what the scheduler said, to count the runs of each node. */
function recordingLogger(): SchedulerLogger & { infos: string[]; errors: string[] } {
  const infos: string[] = [];
  const errors: string[] = [];
  return { infos, errors, info: (_details, message) => infos.push(message), error: (_details, message) => errors.push(message) };
}

/** A second connection to the same database, as a second app node would open. */
function secondNode(database: CarrelDatabase): CarrelDatabase {
  if (database.dialect === 'sqlite') return openDatabase({ sqliteFile: database.location });
  const name = database.location.split('/').pop()!;
  return openDatabase({ databaseUrl: inject('postgresUrl').replace(/\/postgres$/, `/${name}`), poolSize: 5 });
}

/**
 * Two SQLite connections in one Node process block each other's writes (the busy wait stalls the
 * very event loop the lock holder needs), so there a claim can fail with "database is locked"
 * before inserting anything; the scheduler logs it and a later tick runs the job. Separate
 * processes, or PostgreSQL, do not see this.
 */
function unexpectedFailures(dialect: string, messages: string[]): string[] {
  return messages.filter((message) => !(dialect === 'sqlite' && message.includes('database is locked')));
}

describeOnBothDatabases('the job scheduler', (database, dialect) => {
  // 2026-11-02 09:00 in Los Angeles: past every job's daily time
  const clock = fixedClock('2026-11-02T17:00:00Z');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-scheduler-'));
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let otherLibrary: InstitutionFixture;
  let technician: StaffSession;
  let other: CarrelDatabase;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, library, technician } = await makeDesk(database(), clock, { lostItemPolicy: { agedToLostAfter: { amount: 30, unit: 'days' } } }));
    otherLibrary = await makeInstitution(db());
    other = secondNode(database());
  });
  afterAll(async () => {
    await app.close();
    await other.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const nodeOf = (on: CarrelDatabase, logger: SchedulerLogger): SchedulerDeps => ({ context: testServiceContext(on.db, clock), config: { dataDir }, logger });
  const ourInstitutions = () => [library.institutionId, otherLibrary.institutionId];
  const jobRunsOn = (runKey: string) =>
    db().selectFrom('job_run').selectAll().where('run_key', '=', runKey).where('institution_id', 'in', ourInstitutions()).execute();

  it('runs each due job once per institution when two nodes tick at the same moment, and a later tick does nothing', async () => {
    const reader = await makePatron(db(), library.institutionId);
    const { barcodes, itemIds } = await makeInstance(db(), library, { title: 'Long Gone' });
    const reply = await checkOutVia(technician, { patronBarcode: reader.barcode, itemBarcode: barcodes[0], servicePointId: library.servicePointId });
    const loanId = reply.json().loan.id as string;
    await db().updateTable('loan').set({ due_at: new Date(clock.now().getTime() - 31 * day).toISOString() }).where('id', '=', loanId).execute();

    // 00:45 local: only fine accrual (00:30) is due
    clock.set('2026-11-02T08:45:00Z');
    const early = await runSchedulerTick(nodeOf(database(), recordingLogger()));
    expect(early.failed).toEqual([]);
    expect(new Set(early.ran.filter((run) => ourInstitutions().includes(run.institutionId)).map((run) => run.job))).toEqual(new Set(['fine-accrual']));

    clock.set('2026-11-02T17:00:00Z');
    const ran: { job: string; institutionId: string }[] = [];
    for (let round = 1; round <= 3; round += 1) {
      const [first, second] = await Promise.all([runSchedulerTick(nodeOf(database(), recordingLogger())), runSchedulerTick(nodeOf(other, recordingLogger()))]);
      ran.push(...[...first.ran, ...second.ran].filter((run) => ourInstitutions().includes(run.institutionId)));
      const failures = [...first.failed, ...second.failed].map((failure) => failure.message);
      expect(unexpectedFailures(dialect, failures)).toEqual([]);
      if (failures.length === 0) break;
    }
    expect(ran).toHaveLength(5 * 2);
    for (const institutionId of ourInstitutions()) {
      expect(ran.filter((run) => run.institutionId === institutionId).map((run) => run.job).sort()).toEqual(['aged-to-lost', 'audit-retention', 'bursar-transfer', 'hold-shelf-expiry', 'notices']);
    }

    const runs = await jobRunsOn('2026-11-02');
    expect(runs).toHaveLength(jobCatalog.length * 2);
    expect(runs.every((run) => run.finished_at !== null)).toBe(true);

    const loan = await db().selectFrom('loan').select('state').where('id', '=', loanId).executeTakeFirstOrThrow();
    expect(loan.state).toBe('aged-to-lost');
    const item = await db().selectFrom('item').select('status').where('id', '=', itemIds[0]!).executeTakeFirstOrThrow();
    expect(item.status).toBe('aged-to-lost');
    const events = await db().selectFrom('circulation_event').select('id').where('loan_id', '=', loanId).where('kind', '=', 'item-aged-to-lost').execute();
    expect(events).toHaveLength(1);
    const patron = await db().selectFrom('patron').select('lost_item_count').where('id', '=', reader.id).executeTakeFirstOrThrow();
    expect(Number(patron.lost_item_count)).toBe(1);

    const [again, againOther] = await Promise.all([runSchedulerTick(nodeOf(database(), recordingLogger())), runSchedulerTick(nodeOf(other, recordingLogger()))]);
    expect([...again.ran, ...againOther.ran]).toEqual([]);
    expect([...again.failed, ...againOther.failed]).toEqual([]);
    expect(await jobRunsOn('2026-11-02')).toHaveLength(jobCatalog.length * 2);
  });

  it('two running schedulers run the next day once between them and stop cleanly', async () => {
    clock.set('2026-11-03T17:00:00Z');
    const loggers = [recordingLogger(), recordingLogger()];
    const schedulers = [
      startScheduler({ ...nodeOf(database(), loggers[0]!), intervalMs: 5 }),
      startScheduler({ ...nodeOf(other, loggers[1]!), intervalMs: 5 }),
    ];
    const deadline = Date.now() + 25_000;
    while ((await jobRunsOn('2026-11-03')).filter((run) => run.finished_at !== null).length < jobCatalog.length * 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));

    expect(await jobRunsOn('2026-11-03')).toHaveLength(jobCatalog.length * 2);
    const codes = [library.code, otherLibrary.code];
    const ranHere = [...loggers[0]!.infos, ...loggers[1]!.infos].filter((message) => codes.some((code) => message.includes(` at ${code}:`)));
    expect(ranHere).toHaveLength(jobCatalog.length * 2);
    expect(unexpectedFailures(dialect, [...loggers[0]!.errors, ...loggers[1]!.errors])).toEqual([]);
  });
});

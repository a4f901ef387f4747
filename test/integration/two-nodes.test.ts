import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { checkDatabaseIntegrity } from '../../src/modules/maintenance/integrity-check.service.ts';
import { killAllCarrelProcesses, runCarrelCommand, signInOverHttp, startCarrelNode, type CarrelNodeProcess } from '../support/carrel-process.ts';
import { driveDesk, driveKiosk, noWorkYet } from '../support/desk-traffic.ts';
import { createSharedTestDatabase, makeBusyLibrary, type BusyLibrary, type SharedTestDatabase } from '../support/factories/busy-library.ts';

/**
 * Two real `carrel serve` nodes on one PostgreSQL database, each with every role, lending the same
 * shelf from two desks and two kiosks at once while two fine accrual runs race for the same day.
 */
const trafficMs = 4000;
const minimumAnswers = 80;

describe('two app nodes on one PostgreSQL database', () => {
  let shared: SharedTestDatabase;
  let shelf: BusyLibrary;
  let nodes: CarrelNodeProcess[] = [];

  beforeAll(async () => {
    shared = await createSharedTestDatabase('postgres');
    shelf = await makeBusyLibrary(shared.database, { desks: 2, items: 10, patrons: 12, overdueLoans: 4 });
    nodes = await Promise.all([startCarrelNode(shared.target), startCarrelNode(shared.target)]);
  }, 120_000);

  afterAll(async () => {
    await killAllCarrelProcesses();
    await shared?.dispose();
  });

  it('never lends an item twice, charges each fine once and runs each job once per day', { timeout: 120_000 }, async () => {
    const [first, second] = nodes as [CarrelNodeProcess, CarrelNodeProcess];
    const desks = await Promise.all([
      signInOverHttp(first.baseUrl, shelf.desks[0]!.username, shelf.desks[0]!.password),
      signInOverHttp(second.baseUrl, shelf.desks[1]!.username, shelf.desks[1]!.password),
    ]);
    const work = noWorkYet();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const stopAt = Date.now() + trafficMs;
    const accrual = () => runCarrelCommand(shared.target, ['jobs', 'run', 'fine-accrual', '--at', tomorrow]);
    // a few seconds, and on a slow machine long enough for some real contention (at most 30 s)
    const answers = () => work.checkOuts.length + work.kioskLoans.length + work.checkIns.length + work.refusals;
    const keepGoing = () => Date.now() < stopAt || (answers() < minimumAnswers && Date.now() < stopAt + 26_000);
    const started = Date.now();
    const [, , , , , accrualOne, accrualTwo] = await Promise.all([
      driveDesk(desks[0], shelf, work, { seed: 1, keepGoing }),
      driveDesk(desks[1], shelf, work, { seed: 2, keepGoing }),
      // the same desk's session on the other node: sessions live in the shared database
      driveDesk(desks[0].on(second.baseUrl), shelf, work, { seed: 3, keepGoing }),
      driveKiosk(first.sipPort!, shelf, work, { seed: 4, keepGoing }),
      driveKiosk(second.sipPort!, shelf, work, { seed: 5, keepGoing }),
      accrual(),
      accrual(),
    ]);
    console.log(
      `two nodes, ${((Date.now() - started) / 1000).toFixed(1)} s of traffic: ${work.checkOuts.length} desk and ${work.kioskLoans.length} kiosk check-outs, ${work.checkIns.length} check-ins, ${work.refusals} refusals, slowest answer ${work.slowest.ms} ms (${work.slowest.what})`,
    );

    expect(work.failures).toEqual([]);
    expect(work.checkOuts.length).toBeGreaterThan(0);
    expect(work.kioskLoans.length).toBeGreaterThan(0);
    expect(work.checkIns.length).toBeGreaterThan(0);

    // the two nodes shut down cleanly on SIGTERM
    for (const node of nodes) node.child.kill('SIGTERM');
    expect((await Promise.all(nodes.map((node) => node.exited))).map((exit) => exit.code)).toEqual([0, 0]);

    const db = shared.database.db;
    const report = await checkDatabaseIntegrity(db);
    expect(report.violations).toEqual([]);
    const onLoanTwice = await db
      .selectFrom('loan')
      .select('item_id')
      .where('status', '=', 'open')
      .groupBy('item_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(onLoanTwice).toEqual([]);
    const loans = await db.selectFrom('loan').select(['id', 'status']).where('institution_id', '=', shelf.library.institutionId).execute();
    const loanStatus = new Map(loans.map((loan) => [loan.id, loan.status]));
    for (const loanId of work.checkOuts) expect(loanStatus.has(loanId)).toBe(true);
    for (const loanId of work.checkIns) expect(loanStatus.get(loanId)).toBe('closed');

    // fine accrual for tomorrow ran once: one node did the work, the other found the day claimed
    const outputs = [accrualOne, accrualTwo].map((run) => run.output);
    expect([accrualOne.code, accrualTwo.code]).toEqual([0, 0]);
    expect(outputs.filter((output) => /already ran for/.test(output))).toHaveLength(1);
    expect(outputs.filter((output) => /fine\(s\) raised/.test(output))).toHaveLength(1);
    const tomorrowKey = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date(tomorrow));
    const tomorrowRuns = await db.selectFrom('job_run').selectAll().where('job_name', '=', 'fine-accrual').where('run_key', '=', tomorrowKey).execute();
    expect(tomorrowRuns).toHaveLength(1);
    expect(tomorrowRuns[0]!.finished_at).not.toBeNull();

    // each overdue loan has one fine, never two
    const fines = await db.selectFrom('fee').select('loan_id').where('loan_id', 'in', shelf.overdueLoanIds).execute();
    expect(fines.map((fee) => fee.loan_id).sort()).toEqual([...shelf.overdueLoanIds].sort());

    // both schedulers woke at once: whatever jobs were due today ran once, and every run finished
    const runs = await db.selectFrom('job_run').select(['job_name', 'run_key', 'finished_at']).where('institution_id', '=', shelf.library.institutionId).execute();
    const keys = runs.map((run) => `${run.job_name} ${run.run_key}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(runs.filter((run) => run.finished_at === null)).toEqual([]);
  });

  it('cancels a statement running past DATABASE_STATEMENT_TIMEOUT_MS, so a runaway query cannot hold a desk', async () => {
    const timed = openDatabase({ databaseUrl: shared.target.databaseUrl, poolSize: 1, statementTimeoutMs: 200 });
    try {
      await expect(sql`select pg_sleep(2)`.execute(timed.db)).rejects.toThrow(/statement timeout/);
      expect((await sql<{ one: number }>`select 1 as one`.execute(timed.db)).rows[0]?.one).toBe(1);
    } finally {
      await timed.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type CarrelDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startThrowawayCluster } from '../db/throwaway-postgres.ts';
import { systemClock } from '../platform/clock.ts';
import { seedDemo } from '../seed/demo-seed.ts';
import type { BenchOptions } from './bench-options.ts';
import { count, markdownBenchTable, mebibytes, milliseconds, perSecond, printBenchTable, seconds, type BenchRow } from './bench-report.ts';
import { benchCirculation, type CirculationFigure } from './circulation-bench.ts';
import { rawPostgresWrites, rawSqliteWrites } from './circulation-raw.ts';
import { benchJobs } from './jobs-bench.ts';
import { describeMachine, machineLine, postgresServerVersion, type MachineDescription } from './machine.ts';
import { benchSearch } from './search-bench.ts';
import { benchTwoNodes } from './two-nodes-bench.ts';

export interface BenchResult {
  rows: BenchRow[];
  machine: MachineDescription;
  /** the table as Markdown, with the machine line */
  markdown: string;
}

/** Carrel's rows for one database, each against the raw write limit at the same number of clients. */
function circulationRows(figures: readonly CirculationFigure[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const figure of figures.filter((entry) => entry.path === 'raw')) {
    rows.push({ figure: 'raw write limit (insert loan + update item, 1 tx)', database: figure.database, clients: figure.clients, value: perSecond(figure.perSecond), p50: milliseconds(figure.p50), p99: milliseconds(figure.p99), note: `${figure.transactions} tx` });
  }
  for (const figure of figures.filter((entry) => entry.path !== 'raw')) {
    const raw = figures.find((other) => other.path === 'raw' && other.database === figure.database && other.clients === figure.clients);
    rows.push({
      figure: `${figure.operation}, ${figure.path}`,
      database: figure.database,
      clients: figure.clients,
      value: perSecond(figure.perSecond),
      p50: milliseconds(figure.p50),
      p99: milliseconds(figure.p99),
      limit: raw ? perSecond(raw.perSecond) : undefined,
      ratio: raw ? figure.perSecond / raw.perSecond : undefined,
      note: `${figure.transactions} tx`,
    });
  }
  return rows;
}

async function seedFresh(database: CarrelDatabase, items: number, step: (text: string) => void, label: string): Promise<void> {
  await migrateToLatest(database.db);
  step(`${label}: seeding the demo college with ${count(items)} items…`);
  const summary = await seedDemo(database, systemClock, { items });
  step(`${label}: seeded in ${seconds(summary.milliseconds)} (${count(summary.items)} items, ${count(summary.patrons)} patrons)`);
}

export async function runBenchmarks(options: BenchOptions, step: (text: string) => void = (text) => console.log(text)): Promise<BenchResult> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-bench-'));
  const rows: BenchRow[] = [];
  let postgresVersion: string | null = null;
  step(`Carrel benchmarks${options.quick ? ' (quick)' : ''} in ${scratch}`);
  try {
    const sqliteFile = path.join(scratch, 'carrel.db');
    const sqlite = openDatabase({ sqliteFile });
    try {
      await seedFresh(sqlite, options.items, step, 'SQLite');
      step(`SQLite: ${options.queries} keyword searches and server memory on a carrel serve child (${count(options.items)} items)…`);
      const search = await benchSearch(scratch, sqlite, options.queries);
      const items = count(options.items);
      rows.push(
        { figure: `catalog search, HTTP (${items} items)`, database: 'SQLite', clients: 1, value: `${search.queries} q`, p50: milliseconds(search.http.p50), p99: milliseconds(search.http.p95), limit: `${milliseconds(search.query.p50)} / ${milliseconds(search.query.p95)}`, ratio: search.query.p50 / search.http.p50, note: `p95 in p99 column; limit = search query alone, p50/p95; ${search.http.meanHits.toFixed(0)} hits avg` },
        { figure: `server RSS idle (${items} items)`, database: 'SQLite', clients: null, value: mebibytes(search.idleRssBytes), note: 'VmRSS of a carrel serve child (/proc/<pid>/status)' },
        { figure: `server RSS under load (${items} items)`, database: 'SQLite', clients: 8, value: mebibytes(search.loadedRssBytes), note: `peak VmRSS during 8 searching clients (${perSecond(search.loadedPerSecond)})` },
      );
      const circulation = await benchCirculation({ database: sqlite, label: 'SQLite', transactions: options.transactions, raw: (_clients, context) => rawSqliteWrites(sqliteFile, context) }, step);
      rows.push(...circulationRows(circulation));
      step(`SQLite: fine accrual over ${count(options.loans)} overdue loans, bursar batch over ${count(options.fees)} fees…`);
      const jobs = await benchJobs(sqlite, sqliteFile, { loans: options.loans, fees: options.fees });
      const rawOne = circulation.find((figure) => figure.path === 'raw' && figure.clients === 1);
      const accrualLimit = rawOne ? (jobs.loans / rawOne.perSecond) * 1000 : Number.NaN;
      rows.push(
        { figure: `fine accrual job (${count(jobs.loans)} overdue loans)`, database: 'SQLite', clients: 1, value: seconds(jobs.accrualMilliseconds), limit: seconds(accrualLimit), ratio: accrualLimit / jobs.accrualMilliseconds, note: `${count(jobs.raised)} fines raised; limit = as many raw write tx at the rate above` },
        { figure: `bursar batch (${count(jobs.fees)} fees)`, database: 'SQLite', clients: 1, value: seconds(jobs.bursarMilliseconds), limit: seconds(jobs.rawBatchMilliseconds), ratio: jobs.rawBatchMilliseconds / jobs.bursarMilliseconds, note: `${count(jobs.exported)} fees exported; limit = 1 tx of as many insert+update` },
      );
    } finally {
      await sqlite.close();
    }

    if (options.postgres) {
      step('PostgreSQL: starting a throwaway cluster…');
      const cluster = await startThrowawayCluster();
      try {
        const postgres = openDatabase({ databaseUrl: cluster.url, poolSize: 10 });
        try {
          postgresVersion = await postgresServerVersion(postgres.db);
          await seedFresh(postgres, options.postgresItems, step, 'PostgreSQL');
          const circulation = await benchCirculation({ database: postgres, label: 'PostgreSQL', transactions: options.transactions, raw: (clients, context) => rawPostgresWrites(cluster.url, clients, context) }, step);
          rows.push(...circulationRows(circulation));
          step('PostgreSQL: check-out over HTTP on one carrel serve node, then on two…');
          const nodes = await benchTwoNodes(postgres, cluster.url, options.transactions);
          const one = nodes.find((figure) => figure.nodes === 1)!;
          const rawEight = circulation.find((figure) => figure.path === 'raw' && figure.clients === 8);
          for (const figure of nodes) {
            rows.push({
              figure: `check-out, HTTP, ${figure.nodes} node${figure.nodes > 1 ? 's' : ''}`,
              database: 'PostgreSQL',
              clients: figure.clients,
              value: perSecond(figure.perSecond),
              p50: milliseconds(figure.p50),
              p99: milliseconds(figure.p99),
              limit: rawEight ? perSecond(rawEight.perSecond) : undefined,
              ratio: rawEight ? figure.perSecond / rawEight.perSecond : undefined,
              note: figure.nodes > 1 ? `×${(figure.perSecond / one.perSecond).toFixed(2)} one node; half the clients on each` : `${figure.checkOuts} tx; limit = raw write, 8 clients`,
            });
          }
        } finally {
          await postgres.close();
        }
      } finally {
        cluster.stop();
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const machine = describeMachine(postgresVersion);
  const title = `Carrel benchmarks${options.quick ? ' (quick)' : ''}: items ${count(options.items)}, ${options.transactions} tx per run; "of limit" = Carrel ÷ raw database (throughput) or raw ÷ Carrel (time)`;
  printBenchTable(title, rows);
  console.log(`\nMachine: ${machineLine(machine)}`);
  if (options.postgres) console.log('PostgreSQL is a throwaway local cluster (fsync and synchronous_commit off); SQLite runs WAL with synchronous=FULL.');
  return { rows, machine, markdown: `${markdownBenchTable(rows)}\n\nMachine: ${machineLine(machine)}\n` };
}

import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startThrowawayCluster } from '../db/throwaway-postgres.ts';
import { systemClock } from '../platform/clock.ts';
import { seedDemo } from '../seed/demo-seed.ts';
import { seconds } from './bench-report.ts';
import { benchCirculation, concurrentClients, type CirculationFigure } from './circulation-bench.ts';
import { rawPostgresWrites, rawSqliteWrites } from './circulation-raw.ts';
import { benchSip, type SipFigure } from './sip-bench.ts';

export interface CirculationRunOptions {
  /** the seeded demo SQLite file */
  sqliteFile: string;
  /** items to seed into the PostgreSQL demo */
  demoItems: number;
  transactions: number;
}

export interface CirculationRunFigures {
  circulation: CirculationFigure[];
  /** SIP2 self-check pairs over TCP on the same databases. */
  sip: SipFigure[];
}

/** Check-out and check-in on SQLite (the given demo file) and on a throwaway PostgreSQL seeded alike, at the desk and over SIP2. */
export async function runCirculationBenchmarks(options: CirculationRunOptions, step: (text: string) => void): Promise<CirculationRunFigures> {
  step(`check-out and check-in on SQLite (${options.transactions} per run)…`);
  const sqlite = openDatabase({ sqliteFile: options.sqliteFile });
  const figures: CirculationFigure[] = [];
  const sip: SipFigure[] = [];
  try {
    figures.push(...(await benchCirculation({ database: sqlite, label: 'SQLite', transactions: options.transactions, raw: (_clients, context) => rawSqliteWrites(options.sqliteFile, context) })));
    step(`SIP2 checkout and checkin over TCP on SQLite (${options.transactions} pairs per run)…`);
    sip.push(...(await benchSip({ database: sqlite, label: 'SQLite', pairs: options.transactions })));
  } finally {
    await sqlite.close();
  }

  step(`seeding the demo college (${options.demoItems.toLocaleString('en-US')} items) into a throwaway PostgreSQL…`);
  const cluster = await startThrowawayCluster();
  try {
    const postgres = openDatabase({ databaseUrl: cluster.url, poolSize: concurrentClients + 2 });
    try {
      await migrateToLatest(postgres.db);
      const seeded = await seedDemo(postgres, systemClock, { items: options.demoItems });
      console.log(`   ${seconds(seeded.milliseconds)}`);
      step(`check-out and check-in on PostgreSQL (${options.transactions} per run)…`);
      figures.push(...(await benchCirculation({ database: postgres, label: 'PostgreSQL', transactions: options.transactions, raw: (clients, context) => rawPostgresWrites(cluster.url, clients, context) })));
      step(`SIP2 checkout and checkin over TCP on PostgreSQL (${options.transactions} pairs per run)…`);
      sip.push(...(await benchSip({ database: postgres, label: 'PostgreSQL', pairs: options.transactions })));
    } finally {
      await postgres.close();
    }
  } finally {
    cluster.stop();
  }
  return { circulation: figures, sip };
}

const fixed = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

/** One line per database, path, operation and client count; the last column is Carrel's time per transaction over the raw writes'. */
export function printCirculationTable(figures: readonly CirculationFigure[]): void {
  const rawOf = (figure: CirculationFigure) =>
    figures.find((other) => other.path === 'raw' && other.database === figure.database && other.operation === figure.operation && other.clients === figure.clients);
  const header = ['database', 'path', 'operation', 'clients', 'tx/s', 'p50 ms', 'p99 ms', 'Carrel/raw'];
  const rows = figures.map((figure) => {
    const raw = rawOf(figure);
    const versusRaw = figure.path === 'raw' || !raw ? '' : `×${(raw.perSecond / figure.perSecond).toFixed(1)}`;
    return [figure.database, figure.path, figure.operation, String(figure.clients), figure.perSecond.toFixed(0), fixed(figure.p50), fixed(figure.p99), versusRaw];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(`\nCirculation (${figures[0]?.transactions ?? 0} transactions per run; Carrel/raw = time per transaction against bare writes with as many clients)`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

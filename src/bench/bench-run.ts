import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock } from '../platform/clock.ts';
import { seedDemo, type DemoSeedSummary } from '../seed/demo-seed.ts';
import { mebibytes, milliseconds, printTable, ratio, seconds, type ReportLine } from './bench-report.ts';
import { printCirculationTable, runCirculationBenchmarks } from './circulation-run.ts';
import { printSipTable } from './sip-bench.ts';
import { benchDeskScans, printDeskScanTable } from './desk-scan.bench.ts';
import type { ProbeResult } from './search-probe.ts';

export interface BenchOptions {
  /** Smaller sizes, so the whole run takes about a minute. */
  quick?: boolean;
  /** Only the demo seed and the circulation figures (while working on check-out). */
  circulationOnly?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, '../..');

/** Seed a fresh SQLite database in a temporary folder; returns its file and the seed summary. */
async function seedFresh(folder: string, items: number): Promise<{ file: string; summary: DemoSeedSummary; fileBytes: number }> {
  const file = path.join(folder, 'carrel.db');
  const database = openDatabase({ sqliteFile: file });
  await migrateToLatest(database.db);
  const summary = await seedDemo(database, systemClock, { items });
  await database.close();
  const fileBytes = fs.readdirSync(folder).reduce((total, name) => total + fs.statSync(path.join(folder, name)).size, 0);
  return { file, summary, fileBytes };
}

/** Searches in a fresh child process (see search-probe.ts), so its memory is a server's, not the seeder's. */
function probeSearches(file: string, queries: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'search-probe.ts'), file, String(queries)], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`search probe exited with ${code}`));
      const last = output.trim().split('\n').at(-1) ?? '';
      resolve(JSON.parse(last) as ProbeResult);
    });
  });
}

export async function runBenchmarks(options: BenchOptions = {}): Promise<void> {
  const demoItems = options.quick ? 5_000 : 50_000;
  const largeItems = options.quick ? 100_000 : 1_000_000;
  const queries = options.quick ? 200 : 300;
  const circulationTransactions = options.quick ? 200 : 1_000;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-bench-'));
  const count = (value: number) => value.toLocaleString('en-US');
  console.log(`Carrel benchmarks${options.quick ? ' (quick)' : ''}: SQLite in ${scratch}, Node ${process.version}, ${os.cpus().length} CPUs`);
  try {
    fs.mkdirSync(path.join(scratch, 'demo'));
    fs.mkdirSync(path.join(scratch, 'large'));
    console.log(`1. Seeding the demo college (${count(demoItems)} items)…`);
    const demo = await seedFresh(path.join(scratch, 'demo'), demoItems);
    console.log(`   ${seconds(demo.summary.milliseconds)}`);
    if (options.circulationOnly) {
      let step = 1;
      const circulation = await runCirculationBenchmarks({ sqliteFile: demo.file, demoItems, transactions: circulationTransactions }, (text) => console.log(`${++step}. ${text}`));
      printCirculationTable(circulation.circulation);
      printSipTable(circulation.sip);
      return;
    }
    console.log(`2. Keyword search over the demo catalogue (${queries} queries)…`);
    const demoSearch = await probeSearches(demo.file, queries);
    console.log(`3. Generating a ${count(largeItems)}-item catalogue…`);
    const large = await seedFresh(path.join(scratch, 'large'), largeItems);
    console.log(`   ${seconds(large.summary.milliseconds)}`);
    console.log(`4. Keyword search and server memory over the ${count(largeItems)}-item catalogue…`);
    const largeSearch = await probeSearches(large.file, queries);
    let step = 4;
    const circulation = await runCirculationBenchmarks({ sqliteFile: demo.file, demoItems, transactions: circulationTransactions }, (text) => console.log(`${++step}. ${text}`));

    const lines: ReportLine[] = [
      { figure: `seed demo (${count(demo.summary.items)} items, ${count(demo.summary.instances)} titles, ${count(demo.summary.patrons)} patrons)`, value: seconds(demo.summary.milliseconds), note: `${count(Math.round(demo.summary.items / (demo.summary.milliseconds / 1000)))} items/s, ${mebibytes(demo.fileBytes)} on disk` },
      { figure: `search p50, demo catalogue`, value: milliseconds(demoSearch.p50), note: `${demoSearch.queries} queries via ${demoSearch.method}, ${demoSearch.meanHits.toFixed(0)} hits on average` },
      { figure: `search p95, demo catalogue`, value: milliseconds(demoSearch.p95), note: `p99 ${milliseconds(demoSearch.p99)}` },
      { figure: `seed large (${count(large.summary.items)} items, ${count(large.summary.instances)} titles)`, value: seconds(large.summary.milliseconds), note: `${count(Math.round(large.summary.items / (large.summary.milliseconds / 1000)))} items/s, ${mebibytes(large.fileBytes)} on disk` },
      { figure: `search p50, ${count(largeItems)} items`, value: milliseconds(largeSearch.p50), note: `${ratio(largeSearch.p50 / demoSearch.p50)} the demo p50, ${largeSearch.meanHits.toFixed(0)} hits on average` },
      { figure: `search p95, ${count(largeItems)} items`, value: milliseconds(largeSearch.p95), note: `${ratio(largeSearch.p95 / demoSearch.p95)} the demo p95; p99 ${milliseconds(largeSearch.p99)}` },
      { figure: `server RSS, demo catalogue`, value: mebibytes(demoSearch.rssBytes), note: `heap ${mebibytes(demoSearch.heapBytes)}` },
      { figure: `server RSS, ${count(largeItems)} items`, value: mebibytes(largeSearch.rssBytes), note: `${ratio(largeSearch.rssBytes / demoSearch.rssBytes)} the demo; heap ${mebibytes(largeSearch.heapBytes)}` },
    ];
    printTable(`Results (${largeItems / demoItems}× the catalogue; SQLite)`, lines);
    printDeskScanTable(await benchDeskScans({ sqliteFile: demo.file, scans: options.quick ? 60 : 200 }));
    printCirculationTable(circulation.circulation);
    printSipTable(circulation.sip);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

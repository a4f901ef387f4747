import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type CarrelDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startThrowawayCluster, type ThrowawayCluster } from '../db/throwaway-postgres.ts';
import { systemClock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { seedDemo } from '../seed/demo-seed.ts';
import { percentile } from './bench-report.ts';
import { prepareCirculationBench } from './bench-circulation-setup.ts';
import { driveClient, httpClient, loadOperations, newTally, sipClient, type ClientShelf, type LoadTally, type LoadWorld } from './load-test-clients.ts';
import { benchFeeTypeId } from './jobs-bench.ts';
import { describeMachine, machineLine, postgresServerVersion } from './machine.ts';
import { searchTerms } from '../seed/demo-titles.ts';
import { signInOverHttp, startServeProcess, type ServeProcess } from './server-process.ts';
import { createKioskAccount, loggedInKiosk, type SipKiosk } from './sip-kiosk.ts';

/**
 * A bounded load test on loopback: `clients` simulated desks (HTTP) and kiosks (SIP2) run mixed
 * traffic for a fixed time against `carrel serve` child processes, one node and then two sharing
 * the database; it stops by itself. Refusals a desk expects (limits, blocks, overpayments) are
 * counted apart; anything else is an error, and any error fails the run.
 */
export interface LoadTestOptions {
  seconds: number;
  clients: number;
  /** how many of the clients are SIP2 kiosks */
  kiosks: number;
  database: 'sqlite' | 'postgres';
  /** node counts to run, one scenario each */
  nodes: number[];
  items: number;
  booksPerClient: number;
  thinkMilliseconds: number;
}

export const defaultLoadTest: LoadTestOptions = { seconds: 300, clients: 100, kiosks: 30, database: 'postgres', nodes: [1, 2], items: 50_000, booksPerClient: 8, thinkMilliseconds: 100 };

export interface OperationLine {
  operation: string;
  done: number;
  refused: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadScenario {
  nodes: number;
  seconds: number;
  operations: OperationLine[];
  errorSamples: string[];
  errors: number;
  perSecond: number;
}

async function prepareWorld(database: CarrelDatabase, options: LoadTestOptions) {
  const setup = await prepareCirculationBench(database.db, options.clients * options.booksPerClient);
  const patrons = await database.db.selectFrom('patron').select(['id', 'barcode']).where('institution_id', '=', setup.institutionId).where('barcode', 'in', setup.patronBarcodes.slice(0, 2_000)).execute();
  // something to pay: a $5 charge on every tenth patron
  const feeType = { id: await benchFeeTypeId(database, setup.institutionId) };
  const now = new Date().toISOString();
  await insertRows(
    database.db,
    'fee',
    patrons.filter((_, index) => index % 10 === 0).map((patron) => ({ id: newId(), institution_id: setup.institutionId, patron_id: patron.id, loan_id: null, item_id: null, fee_type_id: feeType.id, owner_service_point_id: setup.servicePointId, original_amount_cents: 500, status: 'open', description: 'Load test charge', created_at: now, created_by: null })),
  );
  const account = await createKioskAccount(database.db, setup.institutionId, setup.servicePointId);
  const world: LoadWorld = { servicePointId: setup.servicePointId, patrons, searchWords: searchTerms(), thinkMilliseconds: options.thinkMilliseconds };
  const shelves: ClientShelf[] = Array.from({ length: options.clients }, (_, client) => ({
    onShelf: setup.itemBarcodes.slice(client * options.booksPerClient, (client + 1) * options.booksPerClient),
    onLoan: new Map(),
  }));
  return { world, account, shelves };
}

async function runScenario(nodes: ServeProcess[], world: LoadWorld, account: Awaited<ReturnType<typeof prepareWorld>>['account'], shelves: ClientShelf[], options: LoadTestOptions): Promise<LoadScenario> {
  const sessions = await Promise.all(nodes.map((node) => signInOverHttp(node.apiBase)));
  const tally: LoadTally = newTally();
  const kiosks: SipKiosk[] = [];
  const started = performance.now();
  try {
    const clients = await Promise.all(
      shelves.map(async (shelf, index) => {
        const node = index % nodes.length;
        // exactly `kiosks` of the clients, spread evenly among the desks
        const isKiosk = Math.floor((index * options.kiosks) / options.clients) !== Math.floor(((index + 1) * options.kiosks) / options.clients);
        if (!isKiosk) return { client: httpClient(sessions[node]!, world), kiosk: false, shelf };
        const kiosk = await loggedInKiosk(nodes[node]!.sipPort, account);
        kiosks.push(kiosk);
        return { client: sipClient(kiosk, account), kiosk: true, shelf };
      }),
    );
    const deadline = Date.now() + options.seconds * 1000;
    await Promise.all(clients.map((entry) => driveClient(entry.client, entry.kiosk, entry.shelf, world, deadline, tally)));
  } finally {
    for (const kiosk of kiosks) kiosk.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  const operations: OperationLine[] = loadOperations.map((operation) => {
    const entry = tally.byOperation.get(operation)!;
    return {
      operation,
      done: entry.durations.length,
      refused: entry.refused,
      errors: entry.errors,
      p50: percentile(entry.durations, 0.5),
      p95: percentile(entry.durations, 0.95),
      p99: percentile(entry.durations, 0.99),
      max: entry.durations.length ? Math.max(...entry.durations) : Number.NaN,
    };
  });
  const done = operations.reduce((sum, line) => sum + line.done + line.refused, 0);
  const errors = operations.reduce((sum, line) => sum + line.errors, 0) + tally.errorSamples.filter((sample) => sample.startsWith('final')).length;
  return { nodes: nodes.length, seconds: options.seconds, operations, errorSamples: tally.errorSamples, errors, perSecond: done / elapsed };
}

const fixed = (value: number) => (Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1));

export function printScenario(scenario: LoadScenario, options: LoadTestOptions): void {
  console.log(`\n${scenario.nodes} node${scenario.nodes > 1 ? 's' : ''} on ${options.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}: ${options.clients} clients (${options.clients - options.kiosks} HTTP desks, ${options.kiosks} SIP2 kiosks) for ${scenario.seconds} s, ${scenario.perSecond.toFixed(0)} operations/s`);
  const header = ['operation', 'done', 'refused', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const rows = scenario.operations.map((line) => [line.operation, String(line.done), String(line.refused), String(line.errors), fixed(line.p50), fixed(line.p95), fixed(line.p99), fixed(line.max)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
  if (scenario.errorSamples.length > 0) console.log(`Errors (first ${scenario.errorSamples.length}):\n  ${scenario.errorSamples.join('\n  ')}`);
}

/** Seed, run each node count in turn and report; the result says whether any unexpected error happened. */
export async function runLoadTest(options: LoadTestOptions, step: (text: string) => void = (text) => console.log(text)): Promise<{ scenarios: LoadScenario[]; errors: number }> {
  if (options.nodes.some((nodes) => nodes > 1) && options.database === 'sqlite') throw new Error('several app nodes need PostgreSQL: use --database postgres');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-load-'));
  let cluster: ThrowawayCluster | undefined;
  const scenarios: LoadScenario[] = [];
  let postgresVersion: string | null = null;
  try {
    if (options.database === 'postgres') {
      step('Starting a throwaway PostgreSQL cluster…');
      cluster = await startThrowawayCluster();
    }
    const database = cluster ? openDatabase({ databaseUrl: cluster.url }) : openDatabase({ sqliteFile: path.join(scratch, 'carrel.db') });
    let prepared: Awaited<ReturnType<typeof prepareWorld>>;
    try {
      await migrateToLatest(database.db);
      if (cluster) postgresVersion = await postgresServerVersion(database.db);
      step(`Seeding the demo college (${options.items.toLocaleString('en-US')} items)…`);
      await seedDemo(database, systemClock, { items: options.items });
      prepared = await prepareWorld(database, options);
    } finally {
      await database.close();
    }
    for (const nodeCount of options.nodes) {
      step(`Starting ${nodeCount} carrel serve node${nodeCount > 1 ? 's' : ''}; ${options.clients} clients for ${options.seconds} s…`);
      const nodes: ServeProcess[] = [];
      try {
        for (let index = 0; index < nodeCount; index++) nodes.push(await startServeProcess(cluster ? { databaseUrl: cluster.url } : { dataDir: scratch }));
        const scenario = await runScenario(nodes, prepared.world, prepared.account, prepared.shelves, options);
        scenarios.push(scenario);
        printScenario(scenario, options);
      } finally {
        await Promise.all(nodes.map((node) => node.stop()));
      }
    }
  } finally {
    cluster?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\nMachine: ${machineLine(describeMachine(postgresVersion))}`);
  const errors = scenarios.reduce((sum, scenario) => sum + scenario.errors, 0);
  console.log(errors === 0 ? 'Load test passed: no errors other than expected refusals.' : `Load test FAILED: ${errors} unexpected error(s).`);
  return { scenarios, errors };
}

import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config.ts';
import type { CarrelDatabase } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { checkIn } from '../modules/circulation/check-in.service.ts';
import { checkOut, type CirculationActor } from '../modules/circulation/check-out.service.ts';
import { systemClock } from '../platform/clock.ts';
import { demoStaffPassword } from '../seed/demo-identities.ts';
import { percentile } from './bench-report.ts';
import { prepareCirculationBench, type CirculationBenchSetup } from './bench-circulation-setup.ts';
import type { RawLoanContext, RawLoanWrites } from './circulation-raw.ts';

/**
 * Check-out and check-in on the demo data, through the service layer, through HTTP over loopback
 * and as bare database writes, one client at a time and eight at once. Each run lends distinct
 * available books to patrons taken round-robin, then returns the same books.
 */
export interface CirculationFigure {
  database: 'SQLite' | 'PostgreSQL';
  path: 'service' | 'HTTP' | 'raw';
  operation: 'check-out' | 'check-in';
  clients: number;
  transactions: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export const concurrentClients = 8;
const warmUp = 50;

interface Timed {
  durations: number[];
  elapsed: number;
}

/** Run work(0..count-1) on `clients` workers that each take the next index; time every call. */
async function timed(count: number, clients: number, work: (index: number) => Promise<void>): Promise<Timed> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const begun = performance.now();
      await work(index);
      durations.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { durations, elapsed: performance.now() - started };
}

interface Desk {
  checkOut(patronBarcode: string, itemBarcode: string): Promise<void>;
  checkIn(itemBarcode: string): Promise<void>;
}

function serviceDesk(database: CarrelDatabase, setup: CirculationBenchSetup): Desk {
  const who: CirculationActor = {
    actor: { kind: 'staff', id: setup.staff.id, name: setup.staff.name, institutionId: setup.institutionId },
    permissions: new Set(['circulation.check-out', 'circulation.check-in']),
  };
  return {
    async checkOut(patronBarcode, itemBarcode) {
      await checkOut(database.db, systemClock, who, { patronBarcode, itemBarcode, servicePointId: setup.servicePointId });
    },
    async checkIn(itemBarcode) {
      await checkIn(database.db, systemClock, who.actor, { itemBarcode, servicePointId: setup.servicePointId });
    },
  };
}

/** A real listening server on loopback and fetch, as a browser at the desk would call it. */
async function httpDesk(database: CarrelDatabase, setup: CirculationBenchSetup): Promise<Desk & { close(): Promise<void> }> {
  const { app } = await buildApp({ database, config: loadConfig({}), clock: systemClock, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;
  const signIn = await fetch(`${base}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: demoStaffPassword }) });
  if (signIn.status !== 200) throw new Error(`sign-in as admin failed: ${signIn.status}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const post = async (url: string, body: unknown, expected: number) => {
    const reply = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
    const text = await reply.text();
    if (reply.status !== expected) throw new Error(`${url} answered ${reply.status}: ${text.slice(0, 300)}`);
  };
  return {
    checkOut: (patronBarcode, itemBarcode) => post('/circulation/check-out', { patronBarcode, itemBarcode, servicePointId: setup.servicePointId }, 201),
    checkIn: (itemBarcode) => post('/circulation/check-in', { itemBarcode, servicePointId: setup.servicePointId }, 200),
    close: () => app.close(),
  };
}

export interface CirculationBenchOptions {
  database: CarrelDatabase;
  label: CirculationFigure['database'];
  /** transactions per run (each run: this many check-outs, then as many check-ins) */
  transactions: number;
  raw(clients: number, context: RawLoanContext): RawLoanWrites;
}

export async function benchCirculation(options: CirculationBenchOptions): Promise<CirculationFigure[]> {
  const { database, label, transactions } = options;
  const runs: { path: CirculationFigure['path']; clients: number }[] = [];
  for (const path of ['service', 'HTTP', 'raw'] as const) for (const clients of [1, concurrentClients]) runs.push({ path, clients });
  const setup = await prepareCirculationBench(database.db, warmUp + runs.length * transactions);
  const patronAt = (index: number) => setup.patronBarcodes[index % setup.patronBarcodes.length]!;
  const figures: CirculationFigure[] = [];
  const record = (path: CirculationFigure['path'], operation: CirculationFigure['operation'], clients: number, result: Timed) =>
    figures.push({
      database: label,
      path,
      operation,
      clients,
      transactions: result.durations.length,
      perSecond: result.durations.length / (result.elapsed / 1000),
      p50: percentile(result.durations, 0.5),
      p99: percentile(result.durations, 0.99),
    });

  const service = serviceDesk(database, setup);
  const http = await httpDesk(database, setup);
  try {
    // warm caches, prepared statements and the JIT on both paths
    const warming = setup.itemBarcodes.slice(0, warmUp);
    for (const [index, barcode] of warming.entries()) await (index % 2 ? http : service).checkOut(patronAt(index), barcode);
    for (const [index, barcode] of warming.entries()) await (index % 2 ? http : service).checkIn(barcode);

    let offset = warmUp;
    for (const run of runs.filter((entry) => entry.path !== 'raw')) {
      const desk = run.path === 'service' ? service : http;
      const books = setup.itemBarcodes.slice(offset, offset + transactions);
      offset += transactions;
      record(run.path, 'check-out', run.clients, await timed(books.length, run.clients, (index) => desk.checkOut(patronAt(offset + index), books[index]!)));
      record(run.path, 'check-in', run.clients, await timed(books.length, run.clients, (index) => desk.checkIn(books[index]!)));
    }

    const ids = await rawIds(database, setup, setup.itemBarcodes.slice(offset));
    for (const clients of [1, concurrentClients]) {
      const raw = options.raw(clients, ids.context);
      try {
        const items = ids.itemIds.splice(0, transactions);
        const loans: string[] = [];
        record('raw', 'check-out', clients, await timed(items.length, clients, async (index) => {
          loans[index] = await raw.checkOut(items[index]!, ids.patronIds[index % ids.patronIds.length]!);
        }));
        record('raw', 'check-in', clients, await timed(items.length, clients, (index) => raw.checkIn(loans[index]!, items[index]!)));
      } finally {
        await raw.close();
      }
    }
  } finally {
    await http.close();
  }
  return figures;
}

async function rawIds(database: CarrelDatabase, setup: CirculationBenchSetup, itemBarcodes: string[]) {
  const { db } = database;
  const items = await db.selectFrom('item').select(['id', 'barcode']).where('institution_id', '=', setup.institutionId).where('barcode', 'in', itemBarcodes).execute();
  const idOf = new Map(items.map((row) => [row.barcode, row.id]));
  const patrons = await db.selectFrom('patron').select(['id', 'patron_group_id']).where('institution_id', '=', setup.institutionId).where('barcode', 'in', setup.patronBarcodes.slice(0, 500)).execute();
  const rule = await db.selectFrom('circulation_rule').select('loan_policy_id').where('institution_id', '=', setup.institutionId).where('is_fallback', '=', true).executeTakeFirstOrThrow();
  return {
    itemIds: itemBarcodes.map((barcode) => idOf.get(barcode)!),
    patronIds: patrons.map((row) => row.id),
    // one group for every raw loan: the raw writes do not look anything up
    context: { institutionId: setup.institutionId, patronGroupId: patrons[0]!.patron_group_id, loanPolicyId: rule.loan_policy_id },
  };
}

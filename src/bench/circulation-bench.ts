import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config.ts';
import type { CarrelDatabase } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { checkIn, checkOut, renewLoan, type CirculationActor } from '../modules/circulation/index.ts';
import { createNodeContext } from '../node-context.ts';
import { startSipServer } from '../modules/sip/index.ts';
import type { SipLogger } from '../modules/sip/index.ts';
import { systemClock } from '../platform/clock.ts';
import { createDomainEventBus } from '../platform/domain-events.ts';
import { percentile } from './bench-report.ts';
import { prepareCirculationBench, type CirculationBenchSetup } from './bench-circulation-setup.ts';
import type { RawLoanContext, RawLoanWrites } from './circulation-raw.ts';
import { signInOverHttp } from './server-process.ts';
import { createKioskAccount, kioskMessages, loggedInKiosk, sipAccepted, type SipKiosk } from './sip-kiosk.ts';

/**
 * Check-out, renewal and check-in on the demo data through the service layer, through HTTP (a
 * listening server called with fetch over loopback) and through SIP2 (TCP kiosks), with one client
 * and with eight; and the database's own limit for the same number of loan-shaped transactions.
 */
export type CirculationPath = 'service' | 'HTTP' | 'SIP2' | 'raw';
export type CirculationOperation = 'check-out' | 'renew' | 'check-in' | 'raw write';

export interface CirculationFigure {
  database: 'SQLite' | 'PostgreSQL';
  path: CirculationPath;
  operation: CirculationOperation;
  clients: number;
  transactions: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export const clientCounts = [1, 8] as const;
const warmUp = 20;

export interface Timed {
  durations: number[];
  elapsed: number;
}

/** Run work(0..count-1) on `clients` workers that each take the next index; time every call. */
export async function timed(count: number, clients: number, work: (index: number, worker: number) => Promise<void>): Promise<Timed> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (_: unknown, worker: number) => {
    while (next < count) {
      const index = next++;
      const begun = performance.now();
      await work(index, worker);
      durations.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { durations, elapsed: performance.now() - started };
}

/** A desk as the benchmark drives it; `lane` is the client number, for paths that hold a connection per client. */
interface Desk {
  checkOut(lane: number, patronBarcode: string, itemBarcode: string): Promise<string>;
  renew(lane: number, patronBarcode: string, itemBarcode: string, loanId: string): Promise<void>;
  checkIn(lane: number, itemBarcode: string): Promise<void>;
  close(): Promise<void>;
}

function serviceDesk(database: CarrelDatabase, setup: CirculationBenchSetup): Desk {
  const who: CirculationActor = {
    actor: { kind: 'staff', id: setup.staff.id, name: setup.staff.name, institutionId: setup.institutionId },
    permissions: new Set(['circulation.check-out', 'circulation.check-in', 'circulation.renew']),
  };
  const context = createNodeContext(database.db, systemClock, createDomainEventBus((error) => console.error(error)));
  return {
    async checkOut(_lane, patronBarcode, itemBarcode) {
      const result = await checkOut(context, who, { patronBarcode, itemBarcode, servicePointId: setup.servicePointId });
      if (result.dryRun) throw new Error('a check-out came back as a dry run');
      return result.loan.id;
    },
    async renew(_lane, _patron, _item, loanId) {
      await renewLoan(context, who, loanId);
    },
    async checkIn(_lane, itemBarcode) {
      await checkIn(context, who.actor, { itemBarcode, servicePointId: setup.servicePointId });
    },
    close: async () => {},
  };
}

async function httpDesk(database: CarrelDatabase, setup: CirculationBenchSetup): Promise<Desk> {
  const { app } = await buildApp({ database, config: loadConfig({}), clock: systemClock, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const session = await signInOverHttp(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`);
  const post = async (url: string, body: unknown, expected: number) => {
    const reply = await session.call('POST', url, body);
    if (reply.status !== expected) throw new Error(`${url} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
    return reply.body;
  };
  return {
    checkOut: async (_lane, patronBarcode, itemBarcode) => (await post('/circulation/check-out', { patronBarcode, itemBarcode, servicePointId: setup.servicePointId }, 201)).loan.id,
    renew: async (_lane, _patron, _item, loanId) => void (await post(`/circulation/loans/${loanId}/renew`, {}, 200)),
    checkIn: async (_lane, itemBarcode) => void (await post('/circulation/check-in', { itemBarcode, servicePointId: setup.servicePointId }, 200)),
    close: () => app.close(),
  };
}

const quietLogger: SipLogger = { info() {}, warn() {}, error() {}, debug() {}, child: () => quietLogger };

async function sipDesk(database: CarrelDatabase, setup: CirculationBenchSetup, lanes: number): Promise<Desk> {
  const account = await createKioskAccount(database.db, setup.institutionId, setup.servicePointId);
  const { requestQueue, loanNotices } = createNodeContext(database.db, systemClock, createDomainEventBus((error) => console.error(error)));
  const server = await startSipServer({ db: database.db, clock: systemClock, requestQueue, loanNotices, config: loadConfig({}), logger: quietLogger, port: 0, host: '127.0.0.1' });
  const kiosks: SipKiosk[] = [];
  for (let lane = 0; lane < lanes; lane++) kiosks.push(await loggedInKiosk(server.port, account));
  const messages = kioskMessages(account);
  const send = async (lane: number, message: string) => {
    const reply = await kiosks[lane]!.send(message);
    if (!sipAccepted(reply)) throw new Error(`SIP2 ${message.slice(0, 2)} was refused: ${reply.slice(0, 200)}`);
  };
  return {
    checkOut: async (lane, patron, item) => (await send(lane, messages.checkOut(patron, item)), ''),
    renew: (lane, patron, item) => send(lane, messages.renew(patron, item)),
    checkIn: (lane, item) => send(lane, messages.checkIn(item)),
    async close() {
      for (const kiosk of kiosks) kiosk.close();
      await server.close();
    },
  };
}

export interface CirculationBenchOptions {
  database: CarrelDatabase;
  label: CirculationFigure['database'];
  /** check-outs per run (then as many renewals and check-ins) */
  transactions: number;
  raw(clients: number, context: RawLoanContext): RawLoanWrites;
}

/** Each run lends the same books (all returned by the run before) to patrons taken round-robin. */
export async function benchCirculation(options: CirculationBenchOptions, step: (text: string) => void): Promise<CirculationFigure[]> {
  const { database, label, transactions } = options;
  const setup = await prepareCirculationBench(database.db, transactions);
  const books = setup.itemBarcodes;
  const patronAt = (index: number) => setup.patronBarcodes[index % setup.patronBarcodes.length]!;
  const figures: CirculationFigure[] = [];
  const record = (path: CirculationPath, operation: CirculationOperation, clients: number, result: Timed) =>
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

  let round = 0;
  for (const path of ['service', 'HTTP', 'SIP2'] as const) {
    step(`${label}: check-out, renew, check-in through ${path === 'service' ? 'the service layer' : path} (${transactions} each, 1 and 8 clients)…`);
    const lanes = Math.max(...clientCounts);
    const desk = path === 'service' ? serviceDesk(database, setup) : path === 'HTTP' ? await httpDesk(database, setup) : await sipDesk(database, setup, lanes);
    try {
      // warm caches, prepared statements and the JIT on this path
      for (let index = 0; index < Math.min(warmUp, books.length); index++) {
        await desk.checkOut(0, patronAt(index), books[index]!);
        await desk.checkIn(0, books[index]!);
      }
      for (const clients of clientCounts) {
        // a fresh patron for each book in each round, so renewals and limits never pile up on one patron
        const offset = ++round * transactions;
        const loans: string[] = [];
        record(path, 'check-out', clients, await timed(books.length, clients, async (index, lane) => {
          loans[index] = await desk.checkOut(lane, patronAt(offset + index), books[index]!);
        }));
        record(path, 'renew', clients, await timed(books.length, clients, (index, lane) => desk.renew(lane, patronAt(offset + index), books[index]!, loans[index]!)));
        record(path, 'check-in', clients, await timed(books.length, clients, (index, lane) => desk.checkIn(lane, books[index]!)));
      }
    } finally {
      await desk.close();
    }
  }

  step(`${label}: the database's own limit, ${transactions} loan-shaped transactions (insert a loan, update the item), 1 and 8 clients…`);
  const ids = await rawIds(database, setup, books);
  for (const clients of clientCounts) {
    const raw = options.raw(clients, ids.context);
    try {
      const loans: string[] = [];
      record('raw', 'raw write', clients, await timed(ids.itemIds.length, clients, async (index) => {
        loans[index] = await raw.checkOut(ids.itemIds[index]!, ids.patronIds[index % ids.patronIds.length]!);
      }));
      // put the books back, untimed, for whatever runs next
      for (const [index, itemId] of ids.itemIds.entries()) await raw.checkIn(loans[index]!, itemId);
    } finally {
      await raw.close();
    }
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

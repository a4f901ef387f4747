import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config.ts';
import type { CarrelDatabase } from '../db/database.ts';
import { createSipAccount } from '../modules/sip/sip-account.service.ts';
import { sipDateTime } from '../modules/sip/sip-dates.ts';
import { startSipServer } from '../modules/sip/sip-server.ts';
import type { SipLogger } from '../modules/sip/sip-session.ts';
import { systemClock } from '../platform/clock.ts';
import { percentile } from './bench-report.ts';
import { prepareCirculationBench } from './bench-circulation-setup.ts';

/**
 * Self-check over SIP2: checkout (11) then checkin (09) of the same book, over real TCP connections
 * on loopback, one kiosk and eight at once. Latency is per message, as a kiosk waits for each reply.
 */
export interface SipFigure {
  database: 'SQLite' | 'PostgreSQL';
  clients: number;
  pairs: number;
  pairsPerSecond: number;
  p50: number;
  p99: number;
}

const quietLogger: SipLogger = { info() {}, warn() {}, error() {}, debug() {}, child: () => quietLogger };
const blankDate = ' '.repeat(18);
const warmUpPairs = 20;

/** One kiosk connection: send a message, wait for the reply up to its CR. */
async function connectKiosk(port: number): Promise<{ send(text: string): Promise<string>; close(): void }> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  let pending = '';
  const waiting: ((reply: string) => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let end = pending.indexOf('\r'); end >= 0; end = pending.indexOf('\r')) {
      const reply = pending.slice(0, end);
      pending = pending.slice(end + 1);
      waiting.shift()?.(reply);
    }
  });
  return {
    send: (text) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        socket.write(`${text}\r`);
      }),
    close: () => socket.destroy(),
  };
}

export async function benchSip(options: { database: CarrelDatabase; label: SipFigure['database']; pairs: number }): Promise<SipFigure[]> {
  const { database, label, pairs } = options;
  const { db } = database;
  const runs = [1, 8];
  const setup = await prepareCirculationBench(db, warmUpPairs + runs.length * pairs);
  const institution = await db.selectFrom('institution').select(['code', 'time_zone']).where('id', '=', setup.institutionId).executeTakeFirstOrThrow();
  const desk = await db.selectFrom('service_point').select('code').where('id', '=', setup.servicePointId).executeTakeFirstOrThrow();
  const username = `bench-kiosk-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const system = { kind: 'system' as const, id: null, name: 'bench', institutionId: setup.institutionId };
  await createSipAccount(db, systemClock, system, { institutionId: setup.institutionId, username, password, servicePointCode: desk.code });
  const server = await startSipServer({ db, clock: systemClock, config: loadConfig({}), logger: quietLogger, port: 0, host: '127.0.0.1' });
  const figures: SipFigure[] = [];
  try {
    let offset = 0;
    const run = async (clients: number, count: number) => {
      const books = setup.itemBarcodes.slice(offset, offset + count);
      const first = offset;
      offset += count;
      const durations: number[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          const kiosk = await connectKiosk(server.port);
          try {
            if (!(await kiosk.send(`9300CN${username}|CO${password}|CP${desk.code}|`)).startsWith('941')) throw new Error('the benchmark kiosk could not log in');
            while (next < books.length) {
              const index = next++;
              const book = books[index]!;
              const patron = setup.patronBarcodes[(first + index) % setup.patronBarcodes.length]!;
              const now = sipDateTime(new Date(), institution.time_zone);
              for (const message of [`11NN${now}${blankDate}AO${institution.code}|AA${patron}|AB${book}|AC|`, `09N${now}${now}AP|AO${institution.code}|AB${book}|AC|`]) {
                const begun = performance.now();
                const reply = await kiosk.send(message);
                durations.push(performance.now() - begun);
                if (!reply.startsWith('121') && !reply.startsWith('101')) throw new Error(`SIP2 ${message.slice(0, 2)} was refused: ${reply.slice(0, 200)}`);
              }
            }
          } finally {
            kiosk.close();
          }
        }),
      );
      const elapsed = performance.now() - started;
      return { pairs: books.length, pairsPerSecond: books.length / (elapsed / 1000), p50: percentile(durations, 0.5), p99: percentile(durations, 0.99) };
    };
    await run(1, warmUpPairs);
    for (const clients of runs) figures.push({ database: label, clients, ...(await run(clients, pairs)) });
  } finally {
    await server.close();
  }
  return figures;
}

export function printSipTable(figures: readonly SipFigure[]): void {
  if (figures.length === 0) return;
  const header = ['database', 'connections', 'pairs', 'pairs/s', 'p50 ms', 'p99 ms'];
  const fixed = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
  const rows = figures.map((figure) => [figure.database, String(figure.clients), String(figure.pairs), figure.pairsPerSecond.toFixed(0), fixed(figure.p50), fixed(figure.p99)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log('\nSIP2 self-check over TCP (checkout + checkin of the same book per pair; latency per message)');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

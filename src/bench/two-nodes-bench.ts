import type { CarrelDatabase } from '../db/database.ts';
import { percentile } from './bench-report.ts';
import { prepareCirculationBench } from './bench-circulation-setup.ts';
import { timed } from './circulation-bench.ts';
import { signInOverHttp, startServeProcess, type StaffSession } from './server-process.ts';

export interface NodesFigure {
  nodes: number;
  clients: number;
  checkOuts: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * Check-outs over HTTP against one `carrel serve` node, then against two nodes sharing the same
 * PostgreSQL database, with as many clients in all (half on each node); every book is checked
 * back in between, untimed.
 */
export async function benchTwoNodes(database: CarrelDatabase, databaseUrl: string, transactions: number, clients = 16): Promise<NodesFigure[]> {
  const setup = await prepareCirculationBench(database.db, transactions);
  const nodes = [await startServeProcess({ databaseUrl }), await startServeProcess({ databaseUrl })];
  const figures: NodesFigure[] = [];
  try {
    const sessions = await Promise.all(nodes.map((node) => signInOverHttp(node.apiBase)));
    const desk = setup.servicePointId;
    const post = async (session: StaffSession, url: string, body: unknown, expected: number) => {
      const reply = await session.call('POST', url, body);
      if (reply.status !== expected) throw new Error(`${url} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
    };
    let round = 10;
    for (const nodeCount of [1, 2]) {
      const offset = ++round * transactions;
      const sessionOf = (worker: number) => sessions[nodeCount === 1 ? 0 : worker % 2]!;
      // warm both nodes' caches before timing
      for (const session of sessions.slice(0, nodeCount)) {
        const book = setup.itemBarcodes[0]!;
        await post(session, '/circulation/check-out', { patronBarcode: setup.patronBarcodes[offset % setup.patronBarcodes.length], itemBarcode: book, servicePointId: desk }, 201);
        await post(session, '/circulation/check-in', { itemBarcode: book, servicePointId: desk }, 200);
      }
      const run = await timed(setup.itemBarcodes.length, clients, (index, worker) =>
        post(sessionOf(worker), '/circulation/check-out', { patronBarcode: setup.patronBarcodes[(offset + index) % setup.patronBarcodes.length], itemBarcode: setup.itemBarcodes[index], servicePointId: desk }, 201),
      );
      figures.push({ nodes: nodeCount, clients, checkOuts: run.durations.length, perSecond: run.durations.length / (run.elapsed / 1000), p50: percentile(run.durations, 0.5), p99: percentile(run.durations, 0.99) });
      await timed(setup.itemBarcodes.length, clients, (index, worker) => post(sessionOf(worker), '/circulation/check-in', { itemBarcode: setup.itemBarcodes[index], servicePointId: desk }, 200));
    }
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
  }
  return figures;
}

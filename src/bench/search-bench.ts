import type { CarrelDatabase } from '../db/database.ts';
import { searchCatalog } from '../modules/catalog/index.ts';
import { demoInstitutionCode } from '../seed/demo-identities.ts';
import { percentile } from './bench-report.ts';
import { timed } from './circulation-bench.ts';
import { peakRssDuring, signInOverHttp, startServeProcess } from './server-process.ts';
import { benchmarkQueries } from './search-queries.ts';

export interface SearchFigures {
  queries: number;
  /** GET /api/v1/catalog/search on a `carrel serve` child, one client */
  http: { p50: number; p95: number; meanHits: number };
  /** the search query alone, in this process, straight on the database */
  query: { p50: number; p95: number };
  /** VmRSS of the child from /proc: after start and sign-in, and the highest seen under 8 searching clients */
  idleRssBytes: number;
  loadedRssBytes: number;
  loadedPerSecond: number;
}

const warmUp = 20;

/** Catalogue search and server memory on a `carrel serve` child holding the SQLite catalogue in `dataDir`. */
export async function benchSearch(dataDir: string, database: CarrelDatabase, count: number): Promise<SearchFigures> {
  const queries = benchmarkQueries(count);
  const server = await startServeProcess({ dataDir });
  let http: SearchFigures['http'];
  let idleRssBytes: number;
  let loaded: { peakBytes: number; result: number };
  try {
    const session = await signInOverHttp(server.apiBase);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idleRssBytes = server.rssBytes();
    const search = async (q: string) => {
      const reply = await session.call('GET', `/catalog/search?q=${encodeURIComponent(q)}`);
      if (reply.status !== 200) throw new Error(`search ${q} answered ${reply.status}`);
      return Number(reply.body.total);
    };
    for (const q of queries.slice(0, warmUp)) await search(q);
    let hits = 0;
    const one = await timed(queries.length, 1, async (index) => void (hits += await search(queries[index]!)));
    http = { p50: percentile(one.durations, 0.5), p95: percentile(one.durations, 0.95), meanHits: hits / queries.length };
    loaded = await peakRssDuring(server, async () => {
      const eight = await timed(queries.length * 2, 8, async (index) => void (await search(queries[index % queries.length]!)));
      return eight.durations.length / (eight.elapsed / 1000);
    });
  } finally {
    await server.stop();
  }

  const college = await database.db.selectFrom('institution').select('id').where('code', '=', demoInstitutionCode).executeTakeFirstOrThrow();
  const run = (q: string) => searchCatalog(database.db, { institutionId: college.id, q, limit: 25, offset: 0 });
  for (const q of queries.slice(0, warmUp)) await run(q);
  const direct = await timed(queries.length, 1, async (index) => void (await run(queries[index]!)));
  return {
    queries: queries.length,
    http,
    query: { p50: percentile(direct.durations, 0.5), p95: percentile(direct.durations, 0.95) },
    idleRssBytes,
    loadedRssBytes: loaded.peakBytes,
    loadedPerSecond: loaded.result,
  };
}

import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { searchCatalog } from '../modules/catalog/search.queries.ts';
import { systemClock } from '../platform/clock.ts';
import { demoInstitutionCode, demoStaffPassword } from '../seed/demo-identities.ts';
import { percentile } from './bench-report.ts';
import { benchmarkQueries } from './search-queries.ts';

/**
 * Run in a child process so that its memory is what a server holding this catalogue uses, not
 * what seeding it left behind: opens the SQLite file, builds the app, signs in as the demo admin and
 * times keyword searches through GET /api/v1/catalog/search (or the search query when the route is
 * missing). Prints one JSON line.
 */
export interface ProbeResult {
  method: 'http' | 'query';
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  meanHits: number;
  rssBytes: number;
  heapBytes: number;
}

const warmUp = 20;

async function probe(sqliteFile: string, count: number): Promise<ProbeResult> {
  const database = openDatabase({ sqliteFile });
  const { app } = await buildApp({ database, config: loadConfig({}), clock: systemClock, logger: false });
  const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'admin', password: demoStaffPassword } });
  if (signIn.statusCode !== 200) throw new Error(`sign-in as admin failed: ${signIn.statusCode}`);
  const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
  const college = await database.db.selectFrom('institution').select('id').where('code', '=', demoInstitutionCode).executeTakeFirstOrThrow();
  const routeAnswers = (await app.inject({ method: 'GET', url: '/api/v1/catalog/search?q=history', headers: { cookie } })).statusCode === 200;

  const search = async (q: string): Promise<number> => {
    if (routeAnswers) {
      const reply = await app.inject({ method: 'GET', url: `/api/v1/catalog/search?q=${encodeURIComponent(q)}`, headers: { cookie } });
      if (reply.statusCode !== 200) throw new Error(`search ${q} failed: ${reply.statusCode} ${reply.body}`);
      return Number(reply.json().total);
    }
    return (await searchCatalog(database.db, { institutionId: college.id, q, limit: 25, offset: 0 })).total;
  };

  const queries = benchmarkQueries(count);
  for (const q of queries.slice(0, warmUp)) await search(q);
  const durations: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const started = performance.now();
    hits += await search(q);
    durations.push(performance.now() - started);
  }
  const memory = process.memoryUsage();
  await app.close();
  await database.close();
  return {
    method: routeAnswers ? 'http' : 'query',
    queries: queries.length,
    p50: percentile(durations, 0.5),
    p95: percentile(durations, 0.95),
    p99: percentile(durations, 0.99),
    meanHits: hits / queries.length,
    rssBytes: memory.rss,
    heapBytes: memory.heapUsed,
  };
}

const [sqliteFile, count] = process.argv.slice(2);
if (!sqliteFile) throw new Error('usage: search-probe.ts <sqlite file> [queries]');
const result = await probe(sqliteFile, Number(count ?? 300));
process.stdout.write(`${JSON.stringify(result)}\n`);

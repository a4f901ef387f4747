import { describe, expect, it } from 'vitest';
import { benchOptionsOf } from '../../src/bench/bench-options.ts';
import { runBenchmarks } from '../../src/bench/bench-run.ts';
import { runLoadTest } from '../../src/bench/load-test.ts';

// Tiny sizes on SQLite only: proves the benchmark and the load test still run end to end, not how fast.
describe('benchmark suite and load test', () => {
  it('prints one table with every circulation path against the raw database limit', async () => {
    const result = await runBenchmarks(benchOptionsOf({ quick: true, items: 3000, transactions: 10, queries: 10, loans: 50, fees: 30, postgres: false }), () => {});
    const figures = result.rows.map((row) => row.figure);
    for (const operation of ['check-out', 'renew', 'check-in']) for (const path of ['service', 'HTTP', 'SIP2']) expect(figures).toContain(`${operation}, ${path}`);
    expect(result.rows.filter((row) => row.figure === 'check-out, HTTP').map((row) => row.clients)).toEqual([1, 8]);
    expect(result.rows.find((row) => row.figure === 'check-out, SIP2')?.ratio).toBeGreaterThan(0);
    expect(figures.some((figure) => figure.startsWith('fine accrual job'))).toBe(true);
    expect(figures.some((figure) => figure.startsWith('bursar batch'))).toBe(true);
    expect(figures.some((figure) => figure.startsWith('server RSS idle'))).toBe(true);
    expect(result.markdown).toContain('| check-in, SIP2 | SQLite | 8 |');
  }, 240_000);

  it('drives desks and kiosks against a carrel serve node for a few seconds without errors', async () => {
    const { scenarios, errors } = await runLoadTest({ seconds: 4, clients: 6, kiosks: 2, database: 'sqlite', nodes: [1], items: 3000, booksPerClient: 4, thinkMilliseconds: 20 }, () => {});
    expect(errors).toBe(0);
    const done = scenarios[0]!.operations.reduce((sum, line) => sum + line.done, 0);
    expect(done).toBeGreaterThan(10);
  }, 240_000);
});

/** What `npm run bench` and `carrel bench` measure, and how big. */
export interface BenchOptions {
  /** catalogue size for search, server memory and (on SQLite) circulation and the jobs */
  items: number;
  /** catalogue size seeded into the throwaway PostgreSQL */
  postgresItems: number;
  /** check-outs (then renewals, then check-ins) per circulation run */
  transactions: number;
  /** keyword searches timed per run */
  queries: number;
  /** open overdue loans for the fine accrual job */
  loans: number;
  /** open fees for the bursar batch */
  fees: number;
  /** also measure PostgreSQL (a throwaway cluster) and two app nodes */
  postgres: boolean;
  quick: boolean;
}

export const fullBench: BenchOptions = { items: 1_000_000, postgresItems: 50_000, transactions: 1_000, queries: 300, loans: 100_000, fees: 50_000, postgres: true, quick: false };
export const quickBench: BenchOptions = { items: 20_000, postgresItems: 5_000, transactions: 100, queries: 100, loans: 5_000, fees: 2_500, postgres: true, quick: true };

export interface BenchFlags {
  quick?: boolean;
  items?: string | number;
  postgresItems?: string | number;
  transactions?: string | number;
  queries?: string | number;
  loans?: string | number;
  fees?: string | number;
  postgres?: boolean;
}

function positive(name: string, value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(String(value).replace(/[_,]/g, ''));
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a whole number above 0, not ${value}`);
  return parsed;
}

/** Start from the full or quick sizes and apply each size given on the command line. */
export function benchOptionsOf(flags: BenchFlags): BenchOptions {
  const base = flags.quick ? quickBench : fullBench;
  return {
    quick: Boolean(flags.quick),
    items: positive('items', flags.items, base.items),
    postgresItems: positive('postgres-items', flags.postgresItems, base.postgresItems),
    transactions: positive('transactions', flags.transactions, base.transactions),
    queries: positive('queries', flags.queries, base.queries),
    loans: positive('loans', flags.loans, base.loans),
    fees: positive('fees', flags.fees, base.fees),
    postgres: flags.postgres ?? base.postgres,
  };
}

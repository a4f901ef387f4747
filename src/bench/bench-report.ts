/** Nearest-rank percentile of durations in milliseconds. */
export function percentile(durations: readonly number[], fraction: number): number {
  if (durations.length === 0) return Number.NaN;
  const sorted = [...durations].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * One line of the benchmark table. `value` is the figure itself (ops/s, ms, s or bytes); `limit` is
 * the matching raw-database figure measured in the same run, and `ratio` says how much of that limit
 * Carrel reaches (1.00 = as fast as the bare database; higher is not possible for throughput).
 */
export interface BenchRow {
  figure: string;
  database: 'SQLite' | 'PostgreSQL' | '-';
  clients: number | null;
  value: string;
  p50?: string;
  p99?: string;
  limit?: string;
  ratio?: number;
  note?: string;
}

export const milliseconds = (value: number) => (Number.isNaN(value) ? '-' : `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`);
export const seconds = (millisecondsTaken: number) => `${(millisecondsTaken / 1000).toFixed(millisecondsTaken < 10_000 ? 2 : 1)} s`;
export const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const perSecond = (value: number) => `${value.toFixed(0)}/s`;
export const count = (value: number) => value.toLocaleString('en-US');

const columns = ['figure', 'database', 'clients', 'value', 'p50', 'p99/p95', 'raw limit', 'of limit', 'note'] as const;

function cellsOf(row: BenchRow): string[] {
  return [
    row.figure,
    row.database,
    row.clients === null ? '' : String(row.clients),
    row.value,
    row.p50 ?? '',
    row.p99 ?? '',
    row.limit ?? '',
    row.ratio === undefined || !Number.isFinite(row.ratio) ? '' : row.ratio.toFixed(2),
    row.note ?? '',
  ];
}

/** The one table, for the console. */
export function printBenchTable(title: string, rows: readonly BenchRow[]): void {
  const table = rows.map(cellsOf);
  const widths = columns.map((name, column) => Math.max(name.length, ...table.map((cells) => cells[column]!.length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const line = (cells: readonly string[]) => cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of table) console.log(line(cells));
}

/** The same table as Markdown, for docs/benchmarks.md. */
export function markdownBenchTable(rows: readonly BenchRow[]): string {
  const lines = [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${cellsOf(row).map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}

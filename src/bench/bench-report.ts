/** Nearest-rank percentile of durations in milliseconds. */
export function percentile(durations: readonly number[], fraction: number): number {
  if (durations.length === 0) return Number.NaN;
  const sorted = [...durations].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export interface ReportLine {
  figure: string;
  value: string;
  note?: string;
}

/** A compact two- or three-column table for the console. */
export function printTable(title: string, lines: readonly ReportLine[]): void {
  const figureWidth = Math.max(...lines.map((line) => line.figure.length), 6);
  const valueWidth = Math.max(...lines.map((line) => line.value.length), 5);
  console.log(`\n${title}`);
  console.log(`${'figure'.padEnd(figureWidth)}  ${'value'.padStart(valueWidth)}  note`);
  console.log(`${'-'.repeat(figureWidth)}  ${'-'.repeat(valueWidth)}  ${'-'.repeat(24)}`);
  for (const line of lines) console.log(`${line.figure.padEnd(figureWidth)}  ${line.value.padStart(valueWidth)}  ${line.note ?? ''}`);
}

export const milliseconds = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
export const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const ratio = (value: number) => `×${value.toFixed(2)}`;

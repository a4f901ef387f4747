import fs from 'node:fs';
import type { Command } from 'commander';
import { benchOptionsOf, type BenchFlags } from './bench-options.ts';
import { runBenchmarks } from './bench-run.ts';

/** The options `npm run bench` and `carrel bench` share. */
export function registerBenchOptions(command: Command): Command {
  return command
    .description('Measure circulation (service, HTTP, SIP2), search, memory, jobs and two app nodes against raw database limits; prints one table')
    .option('--quick', 'small sizes (20,000 items, 100 tx per run) to check that everything runs')
    .option('--items <n>', 'catalogue items on SQLite for search, memory, circulation and the jobs (default 1,000,000)')
    .option('--postgres-items <n>', 'catalogue items seeded into the throwaway PostgreSQL (default 50,000)')
    .option('--transactions <n>', 'check-outs, renewals and check-ins per run (default 1,000)')
    .option('--queries <n>', 'keyword searches timed (default 300)')
    .option('--loans <n>', 'open overdue loans for the fine accrual job (default 100,000)')
    .option('--fees <n>', 'open fees for the bursar batch (default 50,000)')
    .option('--no-postgres', 'SQLite only: skip the throwaway PostgreSQL cluster and the two-node run')
    .option('--markdown <file>', 'also write the table and the machine as Markdown to this file');
}

export async function runBenchFromFlags(flags: BenchFlags & { markdown?: string }): Promise<void> {
  const result = await runBenchmarks(benchOptionsOf(flags));
  if (flags.markdown) fs.writeFileSync(flags.markdown, result.markdown);
}

import type { Command } from 'commander';
import { runBenchmarks } from '../bench/bench-run.ts';
import { reportCommandFailure } from './cli-context.ts';

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('Measure seeding, keyword search and server memory on throwaway SQLite databases (prints figures)')
    .option('--quick', 'smaller catalogues (5,000 and 100,000 items) so the run takes about a minute')
    .action(async (options: { quick?: boolean }) => {
      try {
        await runBenchmarks({ quick: Boolean(options.quick) });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

import type { Command } from 'commander';
import { registerBenchOptions, runBenchFromFlags } from '../bench/bench-command-line.ts';
import { reportCommandFailure } from './cli-context.ts';

export function registerBenchCommand(program: Command): void {
  registerBenchOptions(program.command('bench')).action(async (flags) => {
    try {
      await runBenchFromFlags(flags);
    } catch (error) {
      reportCommandFailure(error);
    }
  });
}

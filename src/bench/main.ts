import { Command } from 'commander';
import { registerBenchOptions, runBenchFromFlags } from './bench-command-line.ts';

// npm run bench [-- --quick] [-- --items 100000] [-- --no-postgres] …
const program = registerBenchOptions(new Command('bench')).action(runBenchFromFlags);
await program.parseAsync(process.argv);

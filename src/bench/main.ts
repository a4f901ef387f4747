import { runBenchmarks } from './bench-run.ts';

// npm run bench [-- --quick]
await runBenchmarks({ quick: process.argv.includes('--quick') });

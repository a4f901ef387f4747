import { runBenchmarks } from './bench-run.ts';

// npm run bench [-- --quick] [-- --circulation-only]
await runBenchmarks({ quick: process.argv.includes('--quick'), circulationOnly: process.argv.includes('--circulation-only') });

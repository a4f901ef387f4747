// npm test: the whole suite on SQLite and PostgreSQL, browser tests included. Provisions
// PostgreSQL and Chromium when missing (as root), builds the staff client, runs Vitest, and ends
// with the plain line "N passed, N failed" that CI reads.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestPrerequisites } from '../test/support/provision.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = path.join(root, '.test-tmp', 'vitest-report.json');

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
}

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
  return result.status ?? 1;
}

try {
  ensureTestPrerequisites();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// The compiler checks the unions (item statuses, refusal codes, request states) wherever they are
// matched; run it beside the client build, and count a type error as a failed test.
console.log('Type-checking (tsc) and building the staff client for the browser tests…');
const typecheck = typeCheck();
if (run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

fs.rmSync(reportFile, { force: true });
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
const vitestArgs = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)];
// Browser journeys keep a screenshot of each main screen here, as the run's artifacts.
const screenshotFolder = path.join(root, 'test-artifacts', 'screenshots');
process.env.CARREL_SCREENSHOTS ??= screenshotFolder;
const vitestExit = run(process.execPath, vitestArgs);
const typeErrors = await typecheck;
if (typeErrors !== '') console.log(`\nType errors (npx tsc --noEmit -p tsconfig.json):\n${typeErrors}`);
const exitCode = vitestExit !== 0 ? vitestExit : typeErrors === '' ? 0 : 1;

let passed = 0;
let failed = exitCode === 0 ? 0 : 1;
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as VitestReport;
  passed = report.numPassedTests;
  // A file that fails to load has no failed tests of its own; count it so it cannot hide.
  failed = report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0) + (typeErrors === '' ? 0 : 1);
  if (exitCode !== 0 && failed === 0) failed = 1;
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`Screenshots of the staff client: ${process.env.CARREL_SCREENSHOTS}`);
  console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
} else {
  console.log(`\n${passed} passed, ${failed} failed`);
}
process.exit(exitCode);

/** Runs the TypeScript compiler over the whole project; resolves to its error output, empty when clean. */
function typeCheck(): Promise<string> {
  return new Promise((resolve) => {
    const compiler = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: root });
    let output = '';
    compiler.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    compiler.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    compiler.on('error', (error) => resolve(`tsc could not start: ${error.message}`));
    compiler.on('close', (code) => resolve(code === 0 ? '' : output.trim() || `tsc exited with ${code}`));
  });
}

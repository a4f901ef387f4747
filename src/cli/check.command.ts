import type { Command } from 'commander';
import { checkDatabaseIntegrity } from '../modules/maintenance/index.ts';
import { reportCommandFailure, withDatabase } from './cli-context.ts';

/** `carrel check`: the data-integrity rules on the configured database; exit code 1 when any is broken. */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('Check the data-integrity rules (loans, item statuses, fee balances, request queues) on the live database')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      let broken = false;
      try {
        await withDatabase(async (database) => {
          const report = await checkDatabaseIntegrity(database.db);
          broken = report.violations.length > 0;
          if (options.json) {
            console.log(JSON.stringify(report, null, 2));
            return;
          }
          console.log(`Checked ${database.location}:`);
          for (const check of report.checks) {
            const found = report.violations.filter((violation) => violation.check === check);
            console.log(`  ${found.length === 0 ? 'ok  ' : 'FAIL'}  ${check}${found.length > 0 ? ` (${found.length})` : ''}`);
          }
          for (const violation of report.violations) {
            console.log(`\n[${violation.check}] ${violation.message}`);
            for (const row of violation.rows) console.log(`    ${JSON.stringify(row)}`);
          }
          console.log(broken ? `\n${report.violations.length} problems found.` : '\nNo problems found.');
        });
      } catch (error) {
        reportCommandFailure(error);
      }
      if (broken) process.exitCode = 1;
    });
}

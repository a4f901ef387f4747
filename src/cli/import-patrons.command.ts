import fs from 'node:fs';
import type { Command } from 'commander';
import { resolveInstitution } from '../modules/org/index.ts';
import { importPatronsCsv, type PatronImportReport } from '../modules/patrons/index.ts';
import { systemClock } from '../platform/clock.ts';
import { commandLineActor, reportCommandFailure, withDatabase } from './cli-context.ts';

/** The report as a librarian reads it at a terminal. */
export function describeImportReport(file: string, report: PatronImportReport): string {
  const lines = [
    `${file}: ${report.rows} row(s) read.`,
    report.applied
      ? `Created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}.`
      : `Nothing was changed: ${report.rejected.length} row(s) were rejected. Fix them, or run again with --partial to load the good rows.`,
  ];
  for (const reject of report.rejected) {
    lines.push(`  row ${reject.row}${reject.externalId ? ` (externalId ${reject.externalId})` : ''}: ${reject.reason}`);
  }
  return lines.join('\n');
}

export function registerImportPatronsCommand(importCommand: Command): void {
  importCommand
    .command('patrons')
    .description(
      'Create or update patrons from a CSV file with a header row. Required columns: externalId, barcode, firstName, lastName, patronGroup; ' +
        'optional: middleName, preferredFirstName, email, phone, addressLine1, addressLine2, city, region, postalCode, country, ' +
        'birthDate and expiresOn (YYYY-MM-DD), status (active|inactive). The file must be UTF-8. ' +
        'Exits with 1 when any row was rejected (even with --partial) or the file has no rows.',
    )
    .argument('<file>', 'the CSV file')
    .option('--institution <code>', 'institution code (needed when the database holds several)')
    .option('--partial', 'load the good rows even when some are rejected (otherwise nothing changes)')
    .action(async (file: string, options: { institution?: string; partial?: boolean }) => {
      try {
        // Bytes that are not UTF-8 become U+FFFD here, which the import refuses with the line.
        const csv = new TextDecoder('utf-8').decode(fs.readFileSync(file));
        const report = await withDatabase(async ({ db }) => {
          const institution = await resolveInstitution(db, options.institution);
          return importPatronsCsv(db, systemClock, commandLineActor(institution.id, 'import patrons'), { csv, partial: Boolean(options.partial) });
        });
        console.log(describeImportReport(file, report));
        // Scripts and schedulers read the exit code: a rejected row (even with --partial) or an empty file is a failure.
        if (!report.applied || report.rejected.length > 0 || report.rows === 0) process.exitCode = 1;
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

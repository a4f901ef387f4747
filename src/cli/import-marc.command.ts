import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { importMarcFile, type MarcImportReport } from '../modules/catalog/index.ts';
import { resolveInstitution } from '../modules/org/index.ts';
import { systemClock } from '../platform/clock.ts';
import { commandLineActor, reportCommandFailure, withDatabase } from './cli-context.ts';

/** The report as a cataloguer reads it at a terminal. */
export function describeMarcImportReport(file: string, report: MarcImportReport): string {
  const lines = [`${file}: imported ${report.imported} record(s) with ${report.itemsCreated} item(s); rejected ${report.rejected.length}.`];
  for (const reject of report.rejected) {
    lines.push(`  record ${reject.position}${reject.controlNumber ? ` (001 ${reject.controlNumber})` : ''}: ${reject.reason}`);
  }
  return lines.join('\n');
}

export function registerImportMarcCommand(importCommand: Command): void {
  importCommand
    .command('marc')
    .description(
      'Import MARC 21 bibliographic records (ISO 2709 in MARC-8 or UTF-8, or MARCXML). Each record goes in on its own: a damaged one is ' +
        'reported by its position and the rest continue. 852 fields make holdings; 952 (Koha) and 949 fields with a barcode make items. ' +
        'Exits with 1 when any record was rejected or none was imported.',
    )
    .argument('<file>', 'the MARC file')
    .option('--institution <code>', 'institution code (needed when the database holds several)')
    .option('--location <code>', 'shelving location for holdings and items whose record names no known location')
    .option('--format <format>', 'iso2709 or marcxml (detected from the file by default)')
    .option('--encoding <charset>', "the file's character set when it is neither MARC-8 nor UTF-8, e.g. windows-1251 or koi8-r (applies to every record)")
    .action(async (file: string, options: { institution?: string; location?: string; format?: string; encoding?: string }) => {
      try {
        if (options.format && options.format !== 'iso2709' && options.format !== 'marcxml') throw new Error('--format must be iso2709 or marcxml.');
        const content = fs.readFileSync(file);
        const progress = new cliProgress.SingleBar(
          { format: 'Importing [{bar}] {percentage}% | {value}/{total} bytes', hideCursor: true, noTTYOutput: false },
          cliProgress.Presets.shades_classic,
        );
        const report = await withDatabase(async ({ db }) => {
          const institution = await resolveInstitution(db, options.institution);
          progress.start(content.length, 0);
          try {
            return await importMarcFile(db, systemClock, commandLineActor(institution.id, 'import marc'), content, {
              institutionId: institution.id,
              locationCode: options.location,
              format: options.format as 'iso2709' | 'marcxml' | undefined,
              encoding: options.encoding,
              onProgress: (done) => progress.update(Math.min(done, content.length)),
            });
          } finally {
            progress.update(content.length);
            progress.stop();
          }
        });
        console.log(describeMarcImportReport(file, report));
        // Scripts and schedulers read the exit code: anything short of the whole file is a failure.
        if (report.imported === 0 || report.rejected.length > 0) process.exitCode = 1;
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

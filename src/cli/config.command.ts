import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { applyLibraryConfig, type LibraryConfigReport } from '../modules/config/index.ts';
import { exportLibraryConfig } from '../modules/config/index.ts';
import { formatProblem } from '../modules/config/index.ts';
import { resolveInstitution } from '../modules/org/index.ts';
import { systemClock } from '../platform/clock.ts';
import { commandLineActor, reportCommandFailure, withDatabase } from './cli-context.ts';

/** The outcome as a librarian reads it at a terminal: every problem with its line, or what changed. */
export function describeConfigReport(report: LibraryConfigReport, institutionCode: string): string {
  if (report.problems.length > 0) {
    return [
      ...report.problems.map((problem) => formatProblem(report.fileName, problem)),
      `${report.problems.length} problem(s) in ${report.fileName}; nothing was changed.`,
    ].join('\n');
  }
  const lines = [report.dryRun ? `Dry run of ${report.fileName} for ${institutionCode}: nothing was changed. Applying it would make these changes:` : `Applied ${report.fileName} to ${institutionCode}:`];
  for (const change of report.changes) {
    lines.push(`  ${change.label}: ${change.created.length} created, ${change.updated.length} updated, ${change.unchanged} unchanged`);
    for (const key of change.created) lines.push(`    + ${key}`);
    for (const update of change.updated) lines.push(`    ~ ${update.key} (${update.fields.join(', ')})`);
  }
  if (report.changes.length === 0) lines.push('  the file has no sections.');
  if (!report.dryRun) lines.push(`Recorded in the audit log as config.apply (sha256 ${report.sha256.slice(0, 12)}…).`);
  return lines.join('\n');
}

export function registerConfigCommands(program: Command): void {
  const command = program.command('config').description('Library configuration as a version-controllable YAML file');
  command
    .command('apply')
    .description(
      'Check a whole configuration file (patron groups, material and loan types, locations, service points, calendars, policies, ' +
        'circulation rules, patron group limits) and apply it in one transaction. Entries are created or updated by code; ' +
        'anything the file leaves out is left alone.',
    )
    .argument('<file>', 'the YAML file')
    .option('--institution <code>', 'institution code (needed when the database holds several)')
    .option('--dry-run', 'check the file and show what would change, without changing anything')
    .action(async (file: string, options: { institution?: string; dryRun?: boolean }) => {
      try {
        const text = fs.readFileSync(file, 'utf8');
        const { report, code } = await withDatabase(async ({ db }) => {
          const institution = await resolveInstitution(db, options.institution);
          const outcome = await applyLibraryConfig(db, systemClock, commandLineActor(institution.id, 'config apply'), {
            fileName: path.basename(file), text, dryRun: Boolean(options.dryRun),
          });
          return { report: outcome, code: institution.code };
        });
        const description = describeConfigReport(report, code);
        if (report.problems.length > 0) {
          console.error(description);
          process.exitCode = 1;
        } else {
          console.log(description);
        }
      } catch (error) {
        reportCommandFailure(error);
      }
    });
  command
    .command('export')
    .description('Write the current configuration in the format `carrel config apply` reads (to standard output unless --output is given)')
    .option('--institution <code>', 'institution code (needed when the database holds several)')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { institution?: string; output?: string }) => {
      try {
        const yaml = await withDatabase(async ({ db }) => {
          const institution = await resolveInstitution(db, options.institution);
          return exportLibraryConfig(db, institution.id, { institutionCode: institution.code, institutionName: institution.name, exportedAt: systemClock.now() });
        });
        if (options.output) fs.writeFileSync(options.output, yaml);
        else process.stdout.write(yaml);
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

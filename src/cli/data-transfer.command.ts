import path from 'node:path';
import type { Command } from 'commander';
import { exportData } from '../modules/maintenance/index.ts';
import { importData } from '../modules/maintenance/index.ts';
import { systemClock } from '../platform/clock.ts';
import { reportCommandFailure, withDatabase } from './cli-context.ts';

/**
 * `carrel export DIR` and `carrel import DIR`: all data as JSON lines (docs/data-format.md), to move
 * between SQLite and PostgreSQL or leave Carrel. `import` is also the group of the MARC and patron
 * loaders: `carrel import marc …` and `carrel import patrons …` still go to them.
 */
export function registerDataTransferCommands(program: Command, importCommand: Command): void {
  program
    .command('export')
    .description('Write every table to DIR as JSON lines with a manifest (docs/data-format.md)')
    .argument('<dir>', 'an empty or new folder')
    .action(async (dir: string) => {
      try {
        await withDatabase(async (database) => {
          const { manifest } = await exportData(database.db, systemClock, path.resolve(dir));
          const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
          console.log(`Exported ${rows.toLocaleString('en-US')} rows in ${manifest.tables.length} tables from ${database.location} to ${path.resolve(dir)} (schema ${manifest.schemaVersion}).`);
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
  importCommand
    .argument('[dir]', 'a folder written by `carrel export` (into an empty database)')
    .action(async (dir: string | undefined) => {
      if (!dir) {
        importCommand.help({ error: true });
        return;
      }
      try {
        await withDatabase(async (database) => {
          const outcome = await importData(database.db, path.resolve(dir), (table, rows) => {
            if (rows > 0) console.log(`  ${table}: ${rows.toLocaleString('en-US')}`);
          });
          console.log(`Imported ${outcome.rows.toLocaleString('en-US')} rows into ${database.location}; catalogue search index rebuilt.`);
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type CarrelConfig } from '../config.ts';
import { backupDatabase, restoreDatabase, type DatabaseTarget } from '../modules/maintenance/index.ts';
import { reportCommandFailure } from './cli-context.ts';

/** The configured database as a file or a URL; backup and restore never open it through the app (no migrations, no pool). */
function targetOf(config: CarrelConfig): DatabaseTarget {
  return config.databaseUrl ? { dialect: 'postgres', url: config.databaseUrl } : { dialect: 'sqlite', file: path.join(config.dataDir, 'carrel.db') };
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Copy the database to FILE while Carrel keeps running (SQLite online backup; pg_dump custom format on PostgreSQL)')
    .argument('<file>', 'a new file for the backup')
    .action(async (file: string) => {
      try {
        const outcome = await backupDatabase(targetOf(loadConfig()), path.resolve(file));
        const version = outcome.schemaVersion ? `, schema ${outcome.schemaVersion}` : '';
        console.log(`Backed up to ${outcome.file} (${outcome.bytes.toLocaleString('en-US')} bytes${version}).`);
      } catch (error) {
        reportCommandFailure(error);
      }
    });
  program
    .command('restore')
    .description('Replace the configured database with a backup made by `carrel backup` (stop the servers first)')
    .argument('<file>', 'the backup file')
    .option('--force', 'restore even though other connections are open (restart every server after)')
    .action(async (file: string, options: { force?: boolean }) => {
      try {
        const outcome = await restoreDatabase(targetOf(loadConfig()), path.resolve(file), { force: Boolean(options.force) });
        console.log(`Restored ${outcome.file} into ${outcome.into}${outcome.schemaVersion ? ` (schema ${outcome.schemaVersion})` : ''}.`);
        console.log('Run `carrel check` to verify it; `carrel serve` migrates it if it is from an older release.');
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

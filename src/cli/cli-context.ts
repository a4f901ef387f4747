import { ConfigError, loadConfig, type CarrelConfig } from '../config.ts';
import type { CarrelDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../db/open-configured.ts';
import { DomainError } from '../platform/errors.ts';
import type { Actor } from '../modules/audit/index.ts';

/** Run a CLI command against the configured, migrated database, and close it after. */
export async function withDatabase<T>(work: (database: CarrelDatabase, config: CarrelConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openConfiguredDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await work(database, config);
  } finally {
    await database.close();
  }
}

/** The actor recorded for changes made from the command line. */
export function commandLineActor(institutionId: string, command: string): Actor {
  return { kind: 'system', id: null, name: `cli:${command}`, institutionId };
}

/** Print a clean message for the errors a person can fix, and exit non-zero. */
export function reportCommandFailure(error: unknown): never {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof DomainError) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exit(1);
}

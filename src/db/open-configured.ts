import path from 'node:path';
import type { CarrelConfig } from '../config.ts';
import { openDatabase, type CarrelDatabase } from './database.ts';

export interface ConfiguredDatabaseOptions {
  /**
   * PostgreSQL statement_timeout for this process (0: none, the default). `carrel serve` passes
   * DATABASE_STATEMENT_TIMEOUT_MS; maintenance commands (migrate, export, check) may run long statements on purpose.
   */
  statementTimeoutMs?: number;
}

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in the data folder. */
export function openConfiguredDatabase(config: CarrelConfig, options: ConfiguredDatabaseOptions = {}): CarrelDatabase {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'carrel.db'),
    poolSize: config.databasePoolSize,
    statementTimeoutMs: options.statementTimeoutMs ?? 0,
  });
}

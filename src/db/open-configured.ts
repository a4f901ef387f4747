import path from 'node:path';
import type { CarrelConfig } from '../config.ts';
import { openDatabase, type CarrelDatabase } from './database.ts';

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in the data folder. */
export function openConfiguredDatabase(config: CarrelConfig): CarrelDatabase {
  return openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'carrel.db') });
}

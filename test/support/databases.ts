import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, type CarrelDatabase, type DialectName } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const bothDialects: DialectName[] = ['sqlite', 'postgres'];

/** A fresh, migrated database: a SQLite file in a temporary folder, or a new database in the test cluster. */
export async function createTestDatabase(dialect: DialectName): Promise<CarrelDatabase & { dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-test-'));
    const database = openDatabase({ sqliteFile: path.join(folder, 'carrel.db') });
    await migrateToLatest(database.db);
    return {
      ...database,
      dispose: async () => {
        await database.close();
        fs.rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl');
  const name = `carrel_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const database = openDatabase({ databaseUrl: adminUrl.replace(/\/postgres$/, `/${name}`), poolSize: 5 });
  await migrateToLatest(database.db);
  return { ...database, dispose: () => database.close() };
}

/**
 * Runs a suite once on SQLite and once on PostgreSQL. The callback gets a function returning the
 * suite's database (created before the suite's tests, removed after).
 */
export function describeOnBothDatabases(name: string, suite: (database: () => CarrelDatabase, dialect: DialectName) => void): void {
  for (const dialect of bothDialects) {
    describe(`${name} [${dialect}]`, () => {
      let database: (CarrelDatabase & { dispose(): Promise<void> }) | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(dialect);
      });
      afterAll(async () => {
        await database?.dispose();
      });
      suite(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      }, dialect);
    });
  }
}

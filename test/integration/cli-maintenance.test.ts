import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type CarrelDatabase, type DialectName } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { makeBusyLibrary, type BusyLibrary } from '../support/factories/maintenance.ts';

const root = path.resolve(import.meta.dirname, '../..');

async function newPostgresDatabase(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `carrel_cli_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

for (const dialect of ['sqlite', 'postgres'] as DialectName[]) {
  describe(`carrel check, backup, restore, export and import [${dialect}]`, () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-cli-maintenance-'));
    const dataDir = path.join(folder, 'data');
    let databaseUrl = '';
    let library: BusyLibrary;

    function carrel(args: string[], environment: Record<string, string> = {}) {
      const result = spawnSync(process.execPath, [path.join(root, 'bin/carrel.mjs'), ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CARREL_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ...environment },
        timeout: 240_000,
      });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    }
    const open = (): CarrelDatabase => openDatabase(databaseUrl ? { databaseUrl, poolSize: 2 } : { sqliteFile: path.join(dataDir, 'carrel.db') });
    async function withOpen<T>(work: (database: CarrelDatabase) => Promise<T>): Promise<T> {
      const database = open();
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    }
    const counts = (database: CarrelDatabase) =>
      Promise.all((['item', 'patron', 'loan', 'fee_action', 'request', 'audit_event'] as const).map(async (table) => {
        const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
        return Number(row.count);
      }));

    beforeAll(async () => {
      if (dialect === 'postgres') databaseUrl = await newPostgresDatabase();
      await withOpen(async (database) => {
        await migrateToLatest(database.db);
        library = await makeBusyLibrary(database, fixedClock('2026-11-02T17:00:00Z'));
        await library.app.close();
      });
    }, 300_000);
    afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('checks a healthy database, then reports a broken rule with its rows and exit code 1', async () => {
      const healthy = carrel(['check']);
      expect(healthy.output).toContain('No problems found.');
      expect(healthy.status).toBe(0);
      await withOpen((database) => database.db.updateTable('item').set({ status: 'checked-out' }).where('id', '=', library.rivers.itemIds[1]!).execute());
      const broken = carrel(['check']);
      expect(broken.status).toBe(1);
      expect(broken.output).toContain('FAIL  checked-out-item-has-loan (1)');
      expect(broken.output).toContain(`Item ${library.rivers.barcodes[1]} is checked out but no open loan names it.`);
      await withOpen((database) => database.db.updateTable('item').set({ status: 'available' }).where('id', '=', library.rivers.itemIds[1]!).execute());
    });

    it('restores a backup: every row is back and the integrity check passes', async () => {
      const backup = path.join(folder, 'nightly.backup');
      const before = await withOpen(counts);
      const made = carrel(['backup', backup]);
      expect(made.output).toContain(`Backed up to ${backup}`);
      expect(made.status).toBe(0);
      expect(carrel(['backup', backup]).output).toContain('already exists');

      // a bad afternoon: the fee ledger and a patron are gone
      await withOpen(async (database) => {
        await database.db.deleteFrom('patron_credit_action').execute();
        await database.db.deleteFrom('fee_action').execute();
        await database.db.deleteFrom('fee').execute();
      });
      // while a connection is open (a running server) the restore refuses
      const busy = open();
      try {
        await busy.db.selectFrom('institution').select('id').execute();
        const refused = carrel(['restore', backup]);
        expect(refused.status).toBe(1);
        expect(refused.output).toContain('Stop every Carrel server using it first');
      } finally {
        await busy.close();
      }

      const restored = carrel(['restore', backup]);
      expect(restored.output).toContain('Restored');
      expect(restored.status).toBe(0);
      await withOpen(async (database) => {
        expect(await counts(database)).toEqual(before);
        const fee = await database.db.selectFrom('fee').selectAll().where('id', '=', library.feeId).executeTakeFirstOrThrow();
        expect(fee).toMatchObject({ original_amount_cents: 1500, status: 'open' });
        const reader = await database.db.selectFrom('patron').select(['first_name', 'last_name']).where('id', '=', library.reader.id).executeTakeFirstOrThrow();
        expect(reader).toEqual({ first_name: 'Rosa', last_name: 'Reader' });
      });
      expect(carrel(['check']).status).toBe(0);
    }, 300_000);

    it('exports, and imports only into an empty database', async () => {
      const exported = path.join(folder, 'export');
      const made = carrel(['export', exported]);
      expect(made.output).toContain('Exported');
      expect(made.status).toBe(0);
      const elsewhere: Record<string, string> = dialect === 'postgres' ? { DATABASE_URL: await newPostgresDatabase() } : { CARREL_DATA_DIR: path.join(folder, 'elsewhere') };
      const loaded = carrel(['import', exported], elsewhere);
      expect(loaded.output).toContain('catalogue search index rebuilt');
      expect(loaded.status).toBe(0);
      expect(carrel(['check'], elsewhere).status).toBe(0);
      const again = carrel(['import', exported], elsewhere);
      expect(again.status).toBe(1);
      expect(again.output).toContain('The database already holds data');
      expect(carrel(['import', '--help']).output).toMatch(/marc[\s\S]*patrons/);
    }, 300_000);
  });
}

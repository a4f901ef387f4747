import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrelDatabase } from '../../src/db/database.ts';
import { searchCatalog } from '../../src/modules/catalog/search.queries.ts';
import { exportData, manifestFileName, type ExportManifest } from '../../src/modules/maintenance/data-export.service.ts';
import { importData } from '../../src/modules/maintenance/data-import.service.ts';
import { exportedTables } from '../../src/modules/maintenance/exported-tables.ts';
import { checkDatabaseIntegrity } from '../../src/modules/maintenance/integrity-check.service.ts';
import { foreignKeyTargets } from '../../src/modules/maintenance/live-schema.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { demoInstitutionCode } from '../../src/seed/demo-identities.ts';
import { seedDemo } from '../../src/seed/demo-seed.ts';
import { createTestDatabase } from '../support/databases.ts';
import { makeBusyLibrary, type BusyLibrary } from '../support/factories/maintenance.ts';

type TestDatabase = CarrelDatabase & { dispose(): Promise<void> };

/** Every file of an export as text, the manifest without its creation time. */
function exportFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(folder).sort()) {
    const text = fs.readFileSync(path.join(folder, name), 'utf8');
    files[name] = name === manifestFileName ? JSON.stringify({ ...(JSON.parse(text) as ExportManifest), createdAt: null }) : text;
  }
  return files;
}

describe('carrel export and import: SQLite → PostgreSQL → SQLite loses nothing', () => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-export-'));
  const databases: TestDatabase[] = [];
  let first: TestDatabase;
  let library: BusyLibrary;

  beforeAll(async () => {
    first = await createTestDatabase('sqlite');
    databases.push(first);
    await seedDemo(first, clock, { items: 300, patrons: 40 });
    library = await makeBusyLibrary(first, clock);
    await library.app.close();
  }, 120_000);
  afterAll(async () => {
    for (const database of databases) await database.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function searchFinds(database: CarrelDatabase, words: string): Promise<string[]> {
    const found = await searchCatalog(database.db, { institutionId: library.library.institutionId, q: words, limit: 5, offset: 0 });
    return found.items.map((instance) => instance.title);
  }

  it('writes one JSON-lines file per table and a manifest, in the documented value shapes', async () => {
    const { manifest } = await exportData(first.db, clock, path.join(folder, 'sqlite'));
    expect(manifest).toMatchObject({ format: 'carrel-export', formatVersion: 1, createdAt: '2026-11-02T17:00:00.000Z' });
    expect(manifest.tables.map((table) => table.name)).toEqual(exportedTables.map((table) => table.name));
    expect(fs.existsSync(path.join(folder, 'sqlite', 'staff_session.jsonl'))).toBe(false);
    const instances = fs.readFileSync(path.join(folder, 'sqlite', 'instance.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const rivers = instances.find((row) => row.title === 'Rivers of the Willamette Valley');
    expect(rivers).toMatchObject({ contributors: [{ name: 'Ada Brook', role: 'author' }], isbns: ['9780000000019'] });
    const desks = fs.readFileSync(path.join(folder, 'sqlite', 'service_point.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(desks.every((desk) => typeof desk.is_pickup_point === 'boolean' && typeof desk.active === 'boolean')).toBe(true);
    const fees = fs.readFileSync(path.join(folder, 'sqlite', 'fee.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(fees.find((fee) => fee.id === library.feeId)).toMatchObject({ original_amount_cents: 1500, status: 'open' });
  }, 60_000);

  it('imports into PostgreSQL and SQLite, and each export is the same as the first', async () => {
    const postgres = await createTestDatabase('postgres');
    databases.push(postgres);
    await importData(postgres.db, path.join(folder, 'sqlite'));
    await exportData(postgres.db, clock, path.join(folder, 'postgres'));
    const back = await createTestDatabase('sqlite');
    databases.push(back);
    await importData(back.db, path.join(folder, 'postgres'));
    await exportData(back.db, clock, path.join(folder, 'sqlite-again'));

    const original = exportFiles(path.join(folder, 'sqlite'));
    expect(exportFiles(path.join(folder, 'postgres'))).toEqual(original);
    expect(exportFiles(path.join(folder, 'sqlite-again'))).toEqual(original);

    for (const database of [postgres, back]) {
      expect(await searchFinds(database, 'willamette rivers')).toEqual(['Rivers of the Willamette Valley']);
      expect(await searchFinds(database, 'eldfell')).toEqual(['Cascade Volcanoes']);
      expect((await checkDatabaseIntegrity(database.db)).violations).toEqual([]);
      const college = await database.db.selectFrom('institution').select('name').where('code', '=', demoInstitutionCode).executeTakeFirstOrThrow();
      expect(college.name).toBe('Willamette Valley College');
    }
  }, 120_000);

  it('refuses to import into a database that already holds data, naming what is there', async () => {
    await expect(importData(first.db, path.join(folder, 'sqlite'))).rejects.toThrow(/already holds data: institution \(\d+\)/);
  });

  it('refuses a folder that is not a finished export, and an export folder that is not empty', async () => {
    const empty = await createTestDatabase('sqlite');
    databases.push(empty);
    fs.mkdirSync(path.join(folder, 'half'));
    await expect(importData(empty.db, path.join(folder, 'half'))).rejects.toThrow(/no manifest.json: it is not a finished Carrel export/);
    await expect(exportData(first.db, clock, path.join(folder, 'sqlite'))).rejects.toThrow(/already holds an export/);
  });

  it('lists tables in foreign-key order and every boolean column as a flag, on both databases', async () => {
    const postgres = databases[1]!;
    for (const database of [first, postgres]) {
      const order = exportedTables.map((table) => table.name as string);
      for (const { table, references } of await foreignKeyTargets(database.db)) {
        if (table === references || !order.includes(table)) continue;
        expect(order.indexOf(references), `${table} → ${references}`).toBeLessThan(order.indexOf(table));
      }
    }
    const booleans = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and data_type = 'boolean'`.execute(postgres.db);
    const flags = exportedTables.flatMap((table) => (table.flags ?? []).map((column) => `${table.name}.${column}`)).sort();
    expect(booleans.rows.map((row) => `${row.table_name}.${row.column_name}`).filter((name) => !name.startsWith('staff_session.')).sort()).toEqual(flags);
  });
});

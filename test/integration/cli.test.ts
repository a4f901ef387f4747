import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { marcFixtureFolder } from '../fixtures/marc/make-marc-fixtures.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { runCarrelCommand } from '../support/carrel-process.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-cli-'));

function carrel(args: string[], environment: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/carrel.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CARREL_DATA_DIR: dataDir, DATABASE_URL: '', ...environment },
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the carrel command', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates the SQLite database in the data folder and migrates it once', () => {
    const first = carrel(['migrate']);
    expect(first.status).toBe(0);
    expect(first.output).toContain('Applied: 0001-foundation');
    expect(fs.existsSync(path.join(dataDir, 'carrel.db'))).toBe(true);
    const second = carrel(['migrate']);
    expect(second.output).toContain('The database schema is current.');
  });

  it('stops with a message naming a bad setting', () => {
    const result = carrel(['migrate'], { PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.output).toContain('PORT="eighty"');
    expect(result.output).not.toContain('    at ');
  });

  it('explains that user add needs an institution first', () => {
    const result = carrel(['user', 'add', '--username', 'casey', '--password', 'long enough']);
    expect(result.status).toBe(1);
    expect(result.output).toContain('INSTITUTION_NOT_FOUND');
  });

  it('lists the scheduled jobs with their daily times and refuses a bad --at time', () => {
    const list = carrel(['jobs', 'list']);
    expect(list.status).toBe(0);
    expect(list.output).toContain('fine-accrual  daily at 00:30 local time');
    expect(list.output).toContain('hold-shelf-expiry  daily at 06:00 local time');
    expect(list.output).toContain('never run');
    const badTime = carrel(['jobs', 'run', 'fine-accrual', '--at', 'yesterday']);
    expect(badTime.status).toBe(1);
    expect(badTime.output).toContain('VALIDATION_FAILED');
    expect(carrel(['jobs', 'run', 'fine-accrual', '--at', '2026-11-01T09:00:00Z']).output).toContain('There is no institution yet');
    expect(carrel(['migrate'], { CARREL_SCHEDULER: 'sometimes' }).output).toContain('CARREL_SCHEDULER="sometimes"');
  });

  describe('imports, whose exit code says whether everything went in', () => {
    const target = { dataDir };
    const marc = (name: string) => path.join(marcFixtureFolder, name);
    const file = (name: string, content: string | Buffer) => {
      const location = path.join(dataDir, name);
      fs.writeFileSync(location, content);
      return location;
    };
    const header = 'externalId,barcode,firstName,lastName,patronGroup';

    beforeAll(async () => {
      const database = openDatabase({ sqliteFile: path.join(dataDir, 'carrel.db') });
      try {
        await migrateToLatest(database.db);
        await makeInstitution(database.db);
      } finally {
        await database.close();
      }
    });

    it('import marc: 0 when every record went in, 1 with the summary when any was rejected or none went in', async () => {
      const all = await runCarrelCommand(target, ['import', 'marc', marc('books-utf8.mrc')]);
      expect(all.output).toContain('imported 5 record(s) with 0 item(s); rejected 0.');
      expect(all.code).toBe(0);
      const some = await runCarrelCommand(target, ['import', 'marc', marc('broken-batch.mrc')]);
      expect(some.output).toContain('imported 2 record(s) with 0 item(s); rejected 6.');
      expect(some.output).toContain('record 6 (001 crl-b6): the record has no title (245 $a)');
      expect(some.code).toBe(1);
      const none = await runCarrelCommand(target, ['import', 'marc', file('empty.mrc', '')]);
      expect(none.output).toContain('imported 0 record(s) with 0 item(s); rejected 0.');
      expect(none.code).toBe(1);
    }, 240_000);

    it('import marc --encoding reads a legacy character set, and refuses one it does not know', async () => {
      const cyrillic = await runCarrelCommand(target, ['import', 'marc', marc('cyrillic-windows-1251.mrc'), '--encoding', 'windows-1251']);
      expect(cyrillic.output).toContain('imported 2 record(s) with 0 item(s); rejected 0.');
      expect(cyrillic.code).toBe(0);
      const unknown = await runCarrelCommand(target, ['import', 'marc', marc('cyrillic-windows-1251.mrc'), '--encoding', 'klingon-8']);
      expect(unknown.output).toContain('Carrel does not know the character set "klingon-8"');
      expect(unknown.code).toBe(1);
    }, 240_000);

    it('import patrons: 0 when every row went in, 1 with the summary when any row was rejected (even with --partial) or the file has none', async () => {
      const good = await runCarrelCommand(target, ['import', 'patrons', file('good.csv', `${header}\nP1,2900000001,Ana,Gómez,student\n`)]);
      expect(good.output).toContain('Created 1, updated 0, unchanged 0, rejected 0.');
      expect(good.code).toBe(0);
      const mixed = file('mixed.csv', `${header}\nP2,2900000002,Bo,Kim,student\nP3,2900000003,Cy,Diaz,wizard\n`);
      const partial = await runCarrelCommand(target, ['import', 'patrons', mixed, '--partial']);
      expect(partial.output).toContain('Created 1, updated 0, unchanged 0, rejected 1.');
      expect(partial.output).toContain('row 3 (externalId P3): patronGroup wizard is not a patron group here');
      expect(partial.code).toBe(1);
      const empty = await runCarrelCommand(target, ['import', 'patrons', file('header-only.csv', `${header}\n`)]);
      expect(empty.output).toContain('0 row(s) read.');
      expect(empty.code).toBe(1);
    }, 240_000);

    it('import patrons refuses a file that is not UTF-8, naming the first line with such bytes', async () => {
      const latin1 = Buffer.from(`${header}\nP4,2900000004,Ana,Lopez,student\nP5,2900000005,Zo\u00eb,M\u00fcller,student\n`, 'latin1');
      const refused = await runCarrelCommand(target, ['import', 'patrons', file('latin1.csv', latin1)]);
      expect(refused.output).toContain('IMPORT_NOT_UTF8: Line 3 of the file has bytes that are not UTF-8');
      expect(refused.code).toBe(1);
    }, 240_000);
  });
});


import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
});

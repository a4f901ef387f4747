import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { DomainError } from '../../platform/errors.ts';

/**
 * `carrel backup FILE` and `carrel restore FILE`. SQLite: SQLite's online backup API, which copies a
 * consistent snapshot while a server keeps lending. PostgreSQL: the documented pg_dump custom
 * format, restored with pg_restore. A restore replaces the configured database and refuses while
 * anything else is connected to it (a running server would keep stale caches): stop the servers
 * first, or pass force.
 */

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

const run = promisify(execFile);

export function refuseExistingFile(file: string): void {
  if (fs.existsSync(file)) throw new DomainError('CONFLICT', `${file} already exists; choose a new file name so no backup is overwritten.`);
}

/** pg_dump/pg_restore on PATH, in /usr/local/bin or in Debian's /usr/lib/postgresql/<version>/bin (newest first). */
export function findPostgresTool(name: 'pg_dump' | 'pg_restore'): string | undefined {
  const folders = (process.env.PATH ?? '').split(':').filter(Boolean);
  folders.push('/usr/local/bin');
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((version) => /^\d+$/.test(version)).sort((a, b) => Number(b) - Number(a));
    folders.push(...versions.map((version) => path.join(debian, version, 'bin')));
  }
  return folders.map((folder) => path.join(folder, name)).find((candidate) => fs.existsSync(candidate));
}

function requireTool(name: 'pg_dump' | 'pg_restore', example: string): string {
  const tool = findPostgresTool(name);
  if (!tool) {
    throw new DomainError('CONFLICT', `${name} was not found on PATH, in /usr/local/bin or /usr/lib/postgresql/*/bin. Install the PostgreSQL client tools (e.g. apt-get install postgresql-client) of your server's version, or run it yourself: ${example}`);
  }
  return tool;
}

/** The URL without its password, which goes to the tool in PGPASSWORD so it never shows in a process list. */
function connectionOf(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

async function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(tool, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error instanceof Error ? error.message : String(error));
    throw new DomainError('CONFLICT', `${path.basename(tool)} failed: ${detail}`);
  }
}

/** The last migration a SQLite file was brought to; refuses a file that is not a Carrel database. */
function sqliteSchemaVersion(file: string): string {
  const database = new BetterSqlite3(file, { fileMustExist: true });
  try {
    if (database.pragma('quick_check', { simple: true }) !== 'ok') throw new DomainError('CONFLICT', `${file} is damaged (SQLite quick_check failed).`);
    const row = database.prepare(`select name from schema_migration order by name desc limit 1`).get() as { name: string } | undefined;
    if (!row) throw new Error('no migrations');
    return row.name;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('VALIDATION_FAILED', `${file} is not a Carrel SQLite database.`);
  } finally {
    database.close();
  }
}

export interface BackupOutcome {
  file: string;
  bytes: number;
  /** SQLite only: the schema version the copy is at. */
  schemaVersion?: string;
}

export async function backupDatabase(target: DatabaseTarget, file: string): Promise<BackupOutcome> {
  refuseExistingFile(file);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (target.dialect === 'sqlite') {
    if (!fs.existsSync(target.file)) throw new DomainError('CONFLICT', `There is no database at ${target.file} to back up.`);
    const source = new BetterSqlite3(target.file, { fileMustExist: true, timeout: 5000 });
    try {
      await source.backup(file);
    } finally {
      source.close();
    }
    return { file, bytes: fs.statSync(file).size, schemaVersion: sqliteSchemaVersion(file) };
  }
  const { dbname, env } = connectionOf(target.url);
  const tool = requireTool('pg_dump', `pg_dump --format=custom --file=${file} "$DATABASE_URL"`);
  await runTool(tool, ['--format=custom', `--file=${file}`, `--dbname=${dbname}`], env);
  return { file, bytes: fs.statSync(file).size };
}

/** Whether another connection holds the SQLite file: an exclusive lock is refused while any is open. */
function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const probe = new BetterSqlite3(file, { timeout: 0 });
  try {
    probe.pragma('locking_mode = exclusive');
    probe.exec('begin exclusive');
    probe.exec('commit');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

async function postgresSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>("select count(*) as count from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'");
    return Number(result.rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

export interface RestoreOutcome {
  file: string;
  into: string;
  schemaVersion?: string;
}

export async function restoreDatabase(target: DatabaseTarget, file: string, options: { force?: boolean } = {}): Promise<RestoreOutcome> {
  if (!fs.existsSync(file)) throw new DomainError('VALIDATION_FAILED', `There is no backup at ${file}.`);
  const stopFirst = 'Stop every Carrel server using it first (or pass --force to restore anyway and restart them after).';
  if (target.dialect === 'sqlite') {
    const schemaVersion = sqliteSchemaVersion(file);
    if (!options.force && sqliteInUse(target.file)) throw new DomainError('CONFLICT', `${target.file} is open in another program (a running server?). ${stopFirst}`);
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const source = new BetterSqlite3(file, { fileMustExist: true, readonly: true });
    try {
      await source.backup(target.file);
    } finally {
      source.close();
    }
    return { file, into: target.file, schemaVersion };
  }
  const sessions = await postgresSessions(target.url);
  if (!options.force && sessions > 0) throw new DomainError('CONFLICT', `${sessions} other sessions are connected to this database. ${stopFirst}`);
  const { dbname, env } = connectionOf(target.url);
  const tool = requireTool('pg_restore', `pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" ${file}`);
  await runTool(tool, ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file], env);
  return { file, into: dbname };
}

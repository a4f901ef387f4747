import os from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';

/** The machine a run measured, printed with the table so figures are never read without it. */
export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  sqlite: string;
  postgres: string | null;
  loadAverage: string;
}

export async function postgresServerVersion(db: Kysely<any>): Promise<string> {
  return String((await sql<{ server_version: string }>`show server_version`.execute(db)).rows[0]?.server_version ?? 'unknown');
}

export function describeMachine(postgresVersion: string | null): MachineDescription {
  const sqlite = new BetterSqlite3(':memory:');
  const version = (sqlite.prepare('select sqlite_version() as version').get() as { version: string }).version;
  sqlite.close();
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    sqlite: version,
    postgres: postgresVersion,
    loadAverage: os.loadavg().map((value) => value.toFixed(1)).join(' '),
  };
}

export function machineLine(machine: MachineDescription): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM; Node ${machine.node}; SQLite ${machine.sqlite}; PostgreSQL ${machine.postgres ?? 'not run'}; load average at the end ${machine.loadAverage}`;
}

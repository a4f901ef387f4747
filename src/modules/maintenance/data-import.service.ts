import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { rebuildSearchIndex } from '../catalog/index.ts';
import { exportFormatName, exportFormatVersion, manifestFileName, tableFileName, type ExportManifest } from './data-export.service.ts';
import type { ExportedTable } from './exported-tables.ts';
import { liveExportedTables, rowCounts, schemaVersionOf, type LiveTable } from './live-schema.queries.ts';
import { insertTableRows, institutionIds, refreshPlannerStatistics } from './table-rows.queries.ts';

/**
 * `carrel import DIR`: loads an export into an EMPTY, migrated database of the same schema version.
 * One transaction for the whole import: a failure anywhere leaves the database empty, so the
 * import can simply be run again, and nobody ever works on half a library. Tables go in
 * foreign-key order, rows in multi-row INSERTs sized to stay under both databases' parameter
 * limits. The catalogue's search index is not in the export; it is rebuilt at the end.
 */

const maxParameters = 30_000;
const maxRowsPerInsert = 500;

export interface ImportOutcome {
  manifest: ExportManifest;
  rows: number;
}

function readManifest(folder: string): ExportManifest {
  const file = path.join(folder, manifestFileName);
  if (!fs.existsSync(file)) throw new DomainError('VALIDATION_FAILED', `${folder} has no ${manifestFileName}: it is not a finished Carrel export.`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as ExportManifest;
  if (manifest.format !== exportFormatName || typeof manifest.formatVersion !== 'number' || !Array.isArray(manifest.tables)) {
    throw new DomainError('VALIDATION_FAILED', `${file} is not a Carrel export manifest.`);
  }
  if (manifest.formatVersion > exportFormatVersion) {
    throw new DomainError('VALIDATION_FAILED', `This export uses format version ${manifest.formatVersion}; this Carrel reads version ${exportFormatVersion}. Upgrade Carrel first.`);
  }
  return manifest;
}

/** An exported value as the database stores it (the reverse of exportedValue). */
export function storedValue(table: ExportedTable, column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (table.flags?.includes(column)) return Boolean(value);
  if (table.json?.includes(column)) return JSON.stringify(value);
  if (typeof value === 'object') throw new Error(`${table.name}.${column} should be a plain value, not ${JSON.stringify(value)}`);
  return value;
}

async function requireEmpty(db: Kysely<Database>, tables: LiveTable[]): Promise<void> {
  const counts = await rowCounts(db, tables);
  const filled = [...counts].filter(([, count]) => count > 0);
  if (filled.length > 0) {
    const list = filled.slice(0, 5).map(([name, count]) => `${name} (${count})`).join(', ');
    throw new DomainError('CONFLICT', `The database already holds data: ${list}. Import only into an empty, migrated database (a new CARREL_DATA_DIR or DATABASE_URL).`, {
      tables: Object.fromEntries(filled),
    });
  }
}

function matchTables(manifest: ExportManifest, live: LiveTable[]): Array<{ table: LiveTable; columns: string[]; rows: number }> {
  const listed = new Map(manifest.tables.map((entry) => [entry.name, entry]));
  const unknown = [...listed.keys()].filter((name) => !live.some((table) => table.name === name));
  if (unknown.length > 0) throw new DomainError('VALIDATION_FAILED', `The export has tables this Carrel does not know: ${unknown.join(', ')}.`);
  return live.map((table) => {
    const entry = listed.get(table.name);
    if (!entry) throw new DomainError('VALIDATION_FAILED', `The export has no ${table.name} table.`);
    const strange = entry.columns.filter((column) => !table.columns.includes(column));
    if (strange.length > 0) throw new DomainError('VALIDATION_FAILED', `${table.name} in the export has columns this database lacks: ${strange.join(', ')}.`);
    return { table, columns: entry.columns, rows: entry.rows };
  });
}

async function loadTable(trx: Kysely<any>, folder: string, table: LiveTable, columns: string[]): Promise<number> {
  const file = path.join(folder, tableFileName(table));
  if (!fs.existsSync(file)) throw new DomainError('VALIDATION_FAILED', `The export lacks ${tableFileName(table)}.`);
  const chunk = Math.max(1, Math.min(maxRowsPerInsert, Math.floor(maxParameters / columns.length)));
  let batch: Array<Record<string, unknown>> = [];
  let count = 0;
  let lineNumber = 0;
  const flush = async () => {
    if (batch.length > 0) await insertTableRows(trx, table.name, batch);
    batch = [];
  };
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
      const extra = Object.keys(row).filter((column) => !columns.includes(column));
      if (extra.length > 0) throw new Error(`unknown columns ${extra.join(', ')}`);
      batch.push(Object.fromEntries(columns.map((column) => [column, storedValue(table, column, row[column])])));
    } catch (error) {
      throw new DomainError('VALIDATION_FAILED', `${tableFileName(table)} line ${lineNumber}: ${error instanceof Error ? error.message : String(error)}`);
    }
    count += 1;
    if (batch.length >= chunk) await flush();
  }
  await flush();
  return count;
}

export async function importData(db: Kysely<Database>, folder: string, progress: (table: string, rows: number) => void = () => {}): Promise<ImportOutcome> {
  const manifest = readManifest(folder);
  const schemaVersion = await schemaVersionOf(db);
  if (manifest.schemaVersion !== schemaVersion) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The export is of schema ${manifest.schemaVersion}, this database is at ${schemaVersion}. Import it with the Carrel release that made it, then upgrade.`,
    );
  }
  const live = await liveExportedTables(db);
  const plan = matchTables(manifest, live);
  await requireEmpty(db, live);
  let total = 0;
  await db.transaction().execute(async (trx) => {
    for (const { table, columns, rows } of plan) {
      const loaded = await loadTable(trx, folder, table, columns);
      if (loaded !== rows) throw new DomainError('VALIDATION_FAILED', `${tableFileName(table)} has ${loaded} rows; the manifest says ${rows}. The export is incomplete.`);
      total += loaded;
      progress(table.name, loaded);
    }
    for (const institutionId of await institutionIds(trx)) await rebuildSearchIndex(trx, institutionId);
  });
  // Fresh planner statistics for the freshly loaded tables.
  await refreshPlannerStatistics(db);
  return { manifest, rows: total };
}

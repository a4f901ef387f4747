import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Kysely } from 'kysely';
import { readOnlySnapshot } from '../../db/dialect-sql.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ExportedTable } from './exported-tables.ts';
import { liveExportedTables, schemaVersionOf, type LiveTable } from './live-schema.queries.ts';
import { pageOfTable } from './table-rows.queries.ts';

/**
 * `carrel export DIR`: every table as JSON lines plus a manifest (docs/data-format.md). Rows are
 * read in primary-key byte order, a page at a time, inside one read-only snapshot so an export
 * taken while desks are busy is still consistent. The manifest is written last: a folder without
 * one is an export that did not finish.
 */

export const exportFormatName = 'carrel-export';
export const exportFormatVersion = 1;
export const manifestFileName = 'manifest.json';
const pageSize = 1000;

export interface ExportManifest {
  format: typeof exportFormatName;
  formatVersion: number;
  /** The last migration applied to the database the export came from. */
  schemaVersion: string;
  createdAt: string;
  /** In foreign-key order: the order an import loads them. */
  tables: Array<{ name: string; file: string; rows: number; columns: string[] }>;
}

export function tableFileName(table: { name: string }): string {
  return `${table.name}.jsonl`;
}

/** A stored value as the export writes it: flags as booleans, JSON text as JSON, the rest unchanged. */
export function exportedValue(table: ExportedTable, column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (table.flags?.includes(column)) return Boolean(value);
  if (table.json?.includes(column)) {
    try {
      return JSON.parse(String(value));
    } catch {
      throw new DomainError('CONFLICT', `${table.name}.${column} holds text that is not JSON; fix the row before exporting.`, { table: table.name, column, value });
    }
  }
  return value;
}

function refusalForFolder(folder: string): DomainError | null {
  if (!fs.existsSync(folder)) return null;
  if (!fs.statSync(folder).isDirectory()) return new DomainError('VALIDATION_FAILED', `${folder} is a file; give a folder for the export.`);
  const clutter = fs.readdirSync(folder).filter((name) => name === manifestFileName || name.endsWith('.jsonl'));
  return clutter.length > 0 ? new DomainError('CONFLICT', `${folder} already holds an export (${clutter.slice(0, 3).join(', ')}…); choose an empty folder.`) : null;
}

async function* pagesOf(db: Kysely<any>, table: LiveTable): AsyncGenerator<Array<Record<string, unknown>>> {
  let after: unknown[] | null = null;
  for (;;) {
    const rows = await pageOfTable(db, table, after, pageSize);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = table.key.map((column) => last[column]);
    if (rows.length < pageSize) return;
  }
}

async function writeTable(db: Kysely<any>, table: LiveTable, file: string): Promise<number> {
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  let rows = 0;
  try {
    for await (const page of pagesOf(db, table)) {
      const lines = page.map((row) => JSON.stringify(Object.fromEntries(table.columns.map((column) => [column, exportedValue(table, column, row[column])]))));
      rows += page.length;
      if (!stream.write(`${lines.join('\n')}\n`)) await once(stream, 'drain');
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return rows;
}

export interface ExportOutcome {
  folder: string;
  manifest: ExportManifest;
}

export async function exportData(db: Kysely<Database>, clock: Clock, folder: string, progress: (table: string, rows: number) => void = () => {}): Promise<ExportOutcome> {
  const refusal = refusalForFolder(folder);
  if (refusal) throw refusal;
  fs.mkdirSync(folder, { recursive: true });
  const manifest = await readOnlySnapshot(db).execute(async (trx) => {
    const schemaVersion = await schemaVersionOf(trx);
    const tables: ExportManifest['tables'] = [];
    for (const table of await liveExportedTables(trx)) {
      const rows = await writeTable(trx, table, path.join(folder, tableFileName(table)));
      progress(table.name, rows);
      tables.push({ name: table.name, file: tableFileName(table), rows, columns: table.columns });
    }
    return { format: exportFormatName, formatVersion: exportFormatVersion, schemaVersion, createdAt: clock.now().toISOString(), tables } satisfies ExportManifest;
  });
  fs.writeFileSync(path.join(folder, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
  return { folder, manifest };
}

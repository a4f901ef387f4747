import type { Insertable, Kysely } from 'kysely';
import type { Database, PatronTable } from '../../db/schema.ts';
import { recordAuditEvent, recordAuditEvents, type Actor } from '../audit/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { nameKeyOf, searchTextOf } from './patron.policy.ts';
import { listPatronGroups } from './patron.queries.ts';
import { insertPatrons, patronsForImport, updatePatrons, type ImportablePatron } from './patron-import.queries.ts';
import { findRepeatsInFile, readPatronCsv, rowsPerTurn, type PatronCsvColumn, type PatronCsvReject, type PatronCsvRow } from './patron-csv.ts';
import { yieldToEventLoop } from '../../platform/event-loop.ts';

export interface PatronImportOptions {
  csv: string;
  /** Apply the good rows even when some are rejected; otherwise any reject leaves everything unchanged. */
  partial?: boolean | undefined;
}

export interface PatronImportReport {
  /** False when rows were rejected and the file was not applied (all-or-nothing). */
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: PatronCsvReject[];
}

type ExistingPatron = ImportablePatron;
type ImportedFields = Partial<Omit<Insertable<PatronTable>, 'id' | 'institution_id' | 'pin_hash' | 'created_at'>>;

/** Which patron column each CSV column writes. */
const columnOfCsv: Record<Exclude<PatronCsvColumn, 'patronGroup'>, keyof ExistingPatron> = {
  externalId: 'external_id',
  barcode: 'barcode',
  firstName: 'first_name',
  lastName: 'last_name',
  middleName: 'middle_name',
  preferredFirstName: 'preferred_first_name',
  email: 'email',
  phone: 'phone',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  region: 'region',
  postalCode: 'postal_code',
  country: 'country',
  birthDate: 'birth_date',
  expiresOn: 'expires_on',
  status: 'status',
};

/** The fields a row sets: only the file's columns, so a column left out of the file leaves the field alone. */
function fieldsOfRow(row: PatronCsvRow, columns: PatronCsvColumn[], patronGroupId: string, existing?: ExistingPatron): ImportedFields {
  const fields: Record<string, unknown> = { patron_group_id: patronGroupId };
  for (const column of columns) {
    if (column === 'patronGroup') continue;
    const value = row[column];
    // An empty status cell keeps the current status (a new patron starts active).
    if (column === 'status' && value === null) continue;
    fields[columnOfCsv[column]] = value ?? null;
  }
  // Every new row carries the same columns, so they insert together.
  if (!existing) fields.status ??= 'active';
  const name = {
    firstName: row.firstName,
    lastName: row.lastName,
    middleName: row.middleName === undefined ? existing?.middle_name : row.middleName,
    preferredFirstName: row.preferredFirstName === undefined ? existing?.preferred_first_name : row.preferredFirstName,
  };
  fields.name_key = nameKeyOf(name);
  fields.search_text = searchTextOf(name);
  return fields as ImportedFields;
}

function changedColumns(existing: ExistingPatron, fields: ImportedFields): string[] {
  return Object.entries(fields)
    .filter(([column, value]) => existing[column as keyof ExistingPatron] !== value)
    .map(([column]) => column);
}

/** Audit events name fields as the API does (expiresOn, not expires_on). */
function auditNameOf(column: string): string {
  return column === 'patron_group_id' ? 'patronGroupId' : column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Load patrons from the student information system's CSV: create or update by external id, in
 * one transaction. Every row is checked first and every reject reported with its line; unless
 * `partial`, one reject means nothing changes. Barcodes held by another patron are rejected (free
 * the barcode from that patron first): the file cannot be applied row by row without risking a
 * clash midway.
 */
export async function importPatronsCsv(db: Kysely<Database>, clock: Clock, actor: Actor, options: PatronImportOptions): Promise<PatronImportReport> {
  const parsed = await readPatronCsv(options.csv);
  const rejected: PatronCsvReject[] = [...parsed.rejects, ...(await findRepeatsInFile(parsed.rows))];
  const rowCount = parsed.rows.length + parsed.rejects.length;
  return db.transaction().execute(async (trx) => {
    const institutionId = actor.institutionId;
    const groups = await listPatronGroups(trx, institutionId);
    const groupIdByCode = new Map(groups.map((group) => [group.code.toLowerCase(), group.id]));
    const existingPatrons: ExistingPatron[] = await patronsForImport(trx, institutionId);
    const byExternalId = new Map(existingPatrons.filter((patron) => patron.external_id !== null).map((patron) => [patron.external_id as string, patron]));
    const byBarcode = new Map(existingPatrons.map((patron) => [patron.barcode, patron]));

    const rejectedRows = new Set(rejected.map((reject) => reject.row));
    const creates: ImportedFields[] = [];
    const updates: Array<{ existing: ExistingPatron; fields: ImportedFields; changed: string[] }> = [];
    let unchanged = 0;
    for (const [index, row] of parsed.rows.entries()) {
      if (index % rowsPerTurn === rowsPerTurn - 1) await yieldToEventLoop();
      if (rejectedRows.has(row.row)) continue;
      const reject = (reason: string) => rejected.push({ row: row.row, reason, externalId: row.externalId });
      const patronGroupId = groupIdByCode.get(row.patronGroup);
      if (!patronGroupId) {
        reject(`patronGroup ${row.patronGroup} is not a patron group here (known: ${[...groupIdByCode.keys()].sort().join(', ')})`);
        continue;
      }
      const existing = byExternalId.get(row.externalId);
      const holder = byBarcode.get(row.barcode);
      if (holder && holder.id !== existing?.id) {
        reject(`barcode ${row.barcode} belongs to another patron${holder.external_id ? ` (externalId ${holder.external_id})` : ''}`);
        continue;
      }
      const fields = fieldsOfRow(row, parsed.columns, patronGroupId, existing);
      if (!existing) {
        creates.push(fields);
        continue;
      }
      const changed = changedColumns(existing, fields);
      if (changed.length === 0) unchanged += 1;
      else updates.push({ existing, fields, changed });
    }
    rejected.sort((a, b) => a.row - b.row);

    if (rejected.length > 0 && !options.partial) {
      return { applied: false, rows: rowCount, created: 0, updated: 0, unchanged: 0, rejected };
    }
    const at = clock.now().toISOString();
    const updateColumns = [
      ...parsed.columns.filter((column) => column !== 'patronGroup').map((column) => columnOfCsv[column as Exclude<PatronCsvColumn, 'patronGroup'>]),
      'patron_group_id', 'name_key', 'search_text', 'updated_at',
    ];
    // Every updated row sets the same columns; a field the row leaves alone (an empty status) keeps its current value.
    const rowOfUpdate = ({ existing, fields }: (typeof updates)[number]) => {
      const values: Record<string, unknown> = { ...fields, updated_at: at };
      const row: Record<string, unknown> & { id: string } = { id: existing.id };
      for (const column of updateColumns) row[column] = column in values ? values[column] : existing[column as keyof ExistingPatron];
      return row;
    };
    const auditOfUpdate = ({ existing, fields, changed }: (typeof updates)[number]) => {
      const audited = changed.filter((column) => column !== 'name_key' && column !== 'search_text');
      if (audited.length === 0) return [];
      return [{
        action: 'patron.update',
        entityType: 'patron',
        entityId: existing.id,
        before: Object.fromEntries(audited.map((column) => [auditNameOf(column), existing[column as keyof ExistingPatron]])),
        after: Object.fromEntries(audited.map((column) => [auditNameOf(column), fields[column as keyof ImportedFields]])),
        reason: 'patron import',
      }];
    };
    // A few hundred rows per step with a turn of the event loop between: still one transaction, so still all-or-nothing.
    for (let start = 0; start < updates.length; start += rowsPerTurn) {
      const chunk = updates.slice(start, start + rowsPerTurn);
      await updatePatrons(trx, updateColumns, chunk.map(rowOfUpdate));
      await recordAuditEvents(trx, actor, clock.now(), chunk.flatMap(auditOfUpdate));
      await yieldToEventLoop();
    }
    for (let start = 0; start < creates.length; start += rowsPerTurn) {
      const chunk = creates.slice(start, start + rowsPerTurn);
      await insertPatrons(trx, chunk.map((fields) => ({ ...fields, id: newId(), institution_id: institutionId, created_at: at, updated_at: at }) as Insertable<PatronTable>));
      await yieldToEventLoop();
    }
    const report = { applied: true, rows: rowCount, created: creates.length, updated: updates.length, unchanged, rejected };
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'patron.import',
      entityType: 'patron',
      entityId: null,
      after: { rows: rowCount, created: report.created, updated: report.updated, unchanged, rejected: rejected.length, partial: Boolean(options.partial) },
    });
    return report;
  });
}

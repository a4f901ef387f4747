import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { DomainError } from '../../platform/errors.ts';
import { yieldToEventLoop } from '../../platform/event-loop.ts';
import { withoutControlCharacters } from '../../platform/plain-text.ts';
import { isCalendarDate } from './patron.policy.ts';

/**
 * The patron load file from the student information system: CSV with a header row, UTF-8
 * (a byte-order mark is fine; bytes that are not UTF-8 refuse the file, naming the line). Header names are matched ignoring case, spaces, dashes and
 * underscores, so 'externalId', 'External ID' and 'external_id' are the same column.
 *
 *   externalId   required  the SIS identifier; rows create or update the patron with this id
 *   barcode      required  the library card barcode, unique within the institution
 *   lastName     required
 *   firstName    required
 *   patronGroup  required  a patron group code (student, faculty, staff, community, ...)
 *   middleName, preferredFirstName, email, phone,
 *   addressLine1, addressLine2, city, region, postalCode, country   optional text
 *   birthDate, expiresOn    optional, YYYY-MM-DD
 *   status                  optional, active | inactive (new patrons default to active)
 *
 * An optional column left out of the header leaves that field of existing patrons untouched;
 * a column present with an empty cell clears it.
 */
export const patronCsvColumns = [
  'externalId', 'barcode', 'firstName', 'lastName', 'middleName', 'preferredFirstName', 'email', 'phone',
  'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country', 'birthDate', 'expiresOn', 'patronGroup', 'status',
] as const;

export type PatronCsvColumn = (typeof patronCsvColumns)[number];

const requiredColumns: PatronCsvColumn[] = ['externalId', 'barcode', 'firstName', 'lastName', 'patronGroup'];

// A cell is one line of plain text, as the desk's patron form requires (no NUL, escape or bidi override).
const cell = (max: number) => withoutControlCharacters(z.string().trim().max(max, `is longer than ${max} characters`), { multiline: false });
const required = (max: number) => cell(max).refine((value) => value !== '', 'is required');
const optional = (max: number) => cell(max).transform((value) => (value === '' ? null : value));
const emailAddress = z.email();
const optionalDate = optional(10).refine((value) => value === null || isCalendarDate(value), 'must be a real date written YYYY-MM-DD');

const rowSchema = z.object({
  externalId: required(100),
  barcode: required(64).regex(/^\S+$/, 'must not contain spaces'),
  firstName: required(200),
  lastName: required(200),
  middleName: optional(200).optional(),
  preferredFirstName: optional(200).optional(),
  email: optional(320)
    .refine((value) => value === null || emailAddress.safeParse(value).success, 'is not a valid email address')
    .optional(),
  phone: optional(50).optional(),
  addressLine1: optional(300).optional(),
  addressLine2: optional(300).optional(),
  city: optional(200).optional(),
  region: optional(200).optional(),
  postalCode: optional(30).optional(),
  country: optional(100).optional(),
  birthDate: optionalDate.optional(),
  expiresOn: optionalDate.optional(),
  patronGroup: required(64).transform((value) => value.toLowerCase()),
  status: optional(20)
    .transform((value) => (value === null ? null : value.toLowerCase()))
    .refine((value) => value === null || value === 'active' || value === 'inactive', 'must be active or inactive')
    .optional(),
});

export type PatronCsvValues = z.infer<typeof rowSchema>;
export type PatronCsvRow = PatronCsvValues & { row: number };

export interface PatronCsvReject {
  /** Line of the file where the record starts; the header is row 1. */
  row: number;
  reason: string;
  externalId?: string;
}

export interface ParsedPatronCsv {
  columns: PatronCsvColumn[];
  rows: PatronCsvRow[];
  rejects: PatronCsvReject[];
}

const columnByKey = new Map<string, PatronCsvColumn>(patronCsvColumns.map((column) => [headerKey(column), column]));

function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function fileProblem(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('IMPORT_REJECTED', message, details);
}

/** Rows read or checked between two turns of the event loop, so a large file never holds the server for long. */
export const rowsPerTurn = 500;
const charactersPerTurn = 64 * 1024;

/**
 * The line of the first U+FFFD: the mark bytes that are not UTF-8 leave once the file is read as
 * UTF-8 (by a browser or by Node), so a Latin-1 or Windows-1252 export is refused, not mangled.
 */
function firstLineNotUtf8(text: string): number | null {
  const index = text.indexOf('\ufffd');
  if (index === -1) return null;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

async function readRecords(text: string): Promise<Array<{ record: string[]; line: number }>> {
  const parser = Readable.from(slicesOf(text)).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  const records: Array<{ record: string[]; line: number }> = [];
  // csv-parse reports the line where a record ends; a quoted field may span lines, so count from the previous end.
  let previousEnd = 0;
  let previousEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      records.push({ record, line: previousEnd + 1 + (info.empty_lines - previousEmpty) });
      previousEnd = info.lines;
      previousEmpty = info.empty_lines;
      if (records.length % rowsPerTurn === 0) await yieldToEventLoop();
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw fileProblem(`The file is not readable as CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, { row: line ?? null });
  }
  return records;
}

function* slicesOf(text: string): Generator<string> {
  for (let start = 0; start < text.length; start += charactersPerTurn) yield text.slice(start, start + charactersPerTurn);
}

function reasonOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'row'} ${issue.message}`).join('; ');
}

/**
 * Read and validate the file, giving the event loop a turn every few hundred rows. Problems with
 * the file as a whole throw (IMPORT_NOT_UTF8, IMPORT_REJECTED); problems with a row are returned as rejects.
 */
export async function readPatronCsv(text: string): Promise<ParsedPatronCsv> {
  const notUtf8 = firstLineNotUtf8(text);
  if (notUtf8 !== null) {
    throw new DomainError('IMPORT_NOT_UTF8', `Line ${notUtf8} of the file has bytes that are not UTF-8: save the file as UTF-8 (in Excel: CSV UTF-8) and load it again.`, { line: notUtf8 });
  }
  const [header, ...records] = await readRecords(text);
  if (!header) throw fileProblem('The file is empty: it needs a header row and one row per patron.');
  const columns: PatronCsvColumn[] = [];
  const unknown: string[] = [];
  for (const name of header.record) {
    const column = columnByKey.get(headerKey(name));
    if (!column) unknown.push(name);
    else if (columns.includes(column)) throw fileProblem(`The header names the column ${column} twice.`, { column });
    else columns.push(column);
  }
  if (unknown.length > 0) throw fileProblem(`The header has columns Carrel does not know: ${unknown.join(', ')}.`, { unknown, known: patronCsvColumns });
  const missing = requiredColumns.filter((column) => !columns.includes(column));
  if (missing.length > 0) throw fileProblem(`The header lacks required columns: ${missing.join(', ')}.`, { missing });

  const rows: PatronCsvRow[] = [];
  const rejects: PatronCsvReject[] = [];
  for (const [index, { record, line }] of records.entries()) {
    if (index % rowsPerTurn === rowsPerTurn - 1) await yieldToEventLoop();
    if (record.every((value) => value.trim() === '')) continue;
    const externalId = record[columns.indexOf('externalId')]?.trim() || undefined;
    if (record.length !== columns.length) {
      rejects.push({ row: line, reason: `has ${record.length} fields but the header has ${columns.length}`, ...(externalId ? { externalId } : {}) });
      continue;
    }
    const parsed = rowSchema.safeParse(Object.fromEntries(columns.map((column, index) => [column, record[index]])));
    if (parsed.success) rows.push({ ...parsed.data, row: line });
    else rejects.push({ row: line, reason: reasonOf(parsed.error), ...(externalId ? { externalId } : {}) });
  }
  return { columns, rows, rejects };
}

/**
 * Rows that repeat a barcode or external id used by another row of the same file. All of them are
 * rejected: the file does not say which one is right.
 */
export async function findRepeatsInFile(rows: PatronCsvRow[]): Promise<PatronCsvReject[]> {
  const rowsByKey = new Map<string, number[]>();
  for (const [index, row] of rows.entries()) {
    if (index % rowsPerTurn === rowsPerTurn - 1) await yieldToEventLoop();
    for (const key of [`externalId:${row.externalId}`, `barcode:${row.barcode}`]) {
      const list = rowsByKey.get(key);
      if (list) list.push(row.row);
      else rowsByKey.set(key, [row.row]);
    }
  }
  const rejects: PatronCsvReject[] = [];
  for (const [index, row] of rows.entries()) {
    if (index % rowsPerTurn === rowsPerTurn - 1) await yieldToEventLoop();
    const reasons: string[] = [];
    for (const [field, value] of [['externalId', row.externalId], ['barcode', row.barcode]] as const) {
      const others = (rowsByKey.get(`${field}:${value}`) ?? []).filter((other) => other !== row.row);
      if (others.length > 0) reasons.push(`${field} ${value} is also on row ${others.join(', ')}`);
    }
    if (reasons.length > 0) rejects.push({ row: row.row, reason: reasons.join('; '), externalId: row.externalId });
  }
  return rejects;
}

import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { DomainError } from '../../platform/errors.ts';
import { isCalendarDate } from './patron.policy.ts';

/**
 * The patron load file from the student information system: CSV with a header row, UTF-8
 * (a byte-order mark is fine). Header names are matched ignoring case, spaces, dashes and
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

const required = (max: number) => z.string().trim().min(1, 'is required').max(max, `is longer than ${max} characters`);
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `is longer than ${max} characters`)
    .transform((value) => (value === '' ? null : value));
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

function readRecords(text: string): Array<{ record: string[]; line: number }> {
  let parsed: Array<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    parsed = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw fileProblem(`The file is not readable as CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, { row: line ?? null });
  }
  // csv-parse reports the line where a record ends; a quoted field may span lines, so count from the previous end.
  let previousEnd = 0;
  let previousEmpty = 0;
  return parsed.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { record, line };
  });
}

function reasonOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'row'} ${issue.message}`).join('; ');
}

/** Read and validate the file. Problems with the file as a whole throw IMPORT_REJECTED; problems with a row are returned as rejects. */
export function parsePatronCsv(text: string): ParsedPatronCsv {
  const [header, ...records] = readRecords(text);
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
  for (const { record, line } of records) {
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
export function findRepeatsInFile(rows: PatronCsvRow[]): PatronCsvReject[] {
  const rowsByKey = new Map<string, number[]>();
  for (const row of rows) {
    for (const key of [`externalId:${row.externalId}`, `barcode:${row.barcode}`]) {
      const list = rowsByKey.get(key);
      if (list) list.push(row.row);
      else rowsByKey.set(key, [row.row]);
    }
  }
  const rejects: PatronCsvReject[] = [];
  for (const row of rows) {
    const reasons: string[] = [];
    for (const [field, value] of [['externalId', row.externalId], ['barcode', row.barcode]] as const) {
      const others = (rowsByKey.get(`${field}:${value}`) ?? []).filter((other) => other !== row.row);
      if (others.length > 0) reasons.push(`${field} ${value} is also on row ${others.join(', ')}`);
    }
    if (reasons.length > 0) rejects.push({ row: row.row, reason: reasons.join('; '), externalId: row.externalId });
  }
  return rejects;
}

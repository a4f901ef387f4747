import { csvFile } from '../../platform/csv-export.ts';

/**
 * The bursar export file: CSV with the columns the student account system expects, in the order
 * the library chose. Quoting follows RFC 4180: a field with a comma, quote, CR or LF is quoted and
 * its quotes doubled; lines end with CRLF.
 */

export const bursarColumns = ['externalId', 'barcode', 'lastName', 'firstName', 'feeId', 'feeType', 'amount', 'amountCents', 'createdAt', 'description'] as const;
export type BursarColumn = (typeof bursarColumns)[number];

export const defaultBursarColumns: readonly BursarColumn[] = ['externalId', 'lastName', 'firstName', 'feeId', 'feeType', 'amount', 'createdAt'];

export interface BursarLine {
  feeId: string;
  patronId: string;
  externalId: string | null;
  barcode: string;
  lastName: string;
  firstName: string;
  patronGroupCode: string;
  feeType: string;
  amountCents: number;
  createdAt: string;
  description: string | null;
}

/** Dollars with two decimals and no currency sign, e.g. 1234 → "12.34", -5 → "-0.05". */
export function dollarsOf(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function cellOf(line: BursarLine, column: BursarColumn): string {
  switch (column) {
    case 'externalId':
      return line.externalId ?? '';
    case 'amount':
      return dollarsOf(line.amountCents);
    case 'amountCents':
      return String(line.amountCents);
    case 'description':
      return line.description ?? '';
    default:
      return line[column];
  }
}

export function bursarCsv(lines: readonly BursarLine[], columns: readonly BursarColumn[]): string {
  return csvFile([columns, ...lines.map((line) => columns.map((column) => cellOf(line, column)))]);
}

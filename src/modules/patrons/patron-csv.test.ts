import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { findRepeatsInFile, parsePatronCsv } from './patron-csv.ts';

const header = 'externalId,barcode,firstName,lastName,patronGroup,email,birthDate,status';

function fileProblemOf(csv: string): DomainError {
  try {
    parsePatronCsv(csv);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a file problem');
}

describe('reading the patron load file', () => {
  it('matches header names ignoring case, spaces and underscores, and reads a byte-order mark', () => {
    const parsed = parsePatronCsv('\ufeffExternal ID,BARCODE,first_name,Last Name,patron-group\nS1,2100001,Ana,Gómez,Student\n');
    expect(parsed.columns).toEqual(['externalId', 'barcode', 'firstName', 'lastName', 'patronGroup']);
    expect(parsed.rows).toEqual([{ row: 2, externalId: 'S1', barcode: '2100001', firstName: 'Ana', lastName: 'Gómez', patronGroup: 'student' }]);
    expect(parsed.rejects).toEqual([]);
  });

  it('turns empty optional cells into null, and trims', () => {
    const parsed = parsePatronCsv(`${header}\n S1 ,2100001,Ana,Gómez,student,, ,\n`);
    expect(parsed.rows[0]).toMatchObject({ externalId: 'S1', email: null, birthDate: null, status: null });
  });

  it('numbers rows by their line in the file (header = 1), counting blank lines and quoted line breaks', () => {
    const csv = [
      header,
      'S1,2100001,Ana,Gómez,student,,,',
      '',
      'S2,2100002,"Mary',
      'Ann",Lee,student,not-an-email,,',
      'S3,2100003,Bo,Kim,student,,2001-02-30,',
      'S4,2100004,,Park,student,,,retired',
      'S5,2100005,Al',
    ].join('\n');
    const parsed = parsePatronCsv(csv);
    expect(parsed.rows.map((row) => row.row)).toEqual([2]);
    expect(parsed.rejects).toEqual([
      { row: 4, externalId: 'S2', reason: 'email is not a valid email address' },
      { row: 6, externalId: 'S3', reason: 'birthDate must be a real date written YYYY-MM-DD' },
      { row: 7, externalId: 'S4', reason: 'firstName is required; status must be active or inactive' },
      { row: 8, externalId: 'S5', reason: 'has 3 fields but the header has 8' },
    ]);
  });

  it('refuses a file whose header lacks a required column or names an unknown one', () => {
    expect(fileProblemOf('externalId,barcode,firstName,lastName\n').details).toEqual({ missing: ['patronGroup'] });
    expect(fileProblemOf(`${header},shoeSize\n`).message).toMatch(/shoeSize/);
    expect(fileProblemOf('').code).toBe('IMPORT_REJECTED');
  });

  it('refuses a file that is not CSV, naming the line', () => {
    expect(fileProblemOf(`${header}\nS1,"2100001,Ana,Gómez,student,,,\n`).message).toMatch(/line 2/);
  });

  it('finds barcodes and external ids repeated within the file', () => {
    const { rows } = parsePatronCsv(
      [header, 'S1,2100001,Ana,Gómez,student,,,', 'S2,2100002,Bo,Kim,student,,,', 'S3,2100001,Cy,Diaz,student,,,', 'S2,2100004,Bo,Kim,student,,,'].join('\n'),
    );
    expect(findRepeatsInFile(rows)).toEqual([
      { row: 2, externalId: 'S1', reason: 'barcode 2100001 is also on row 4' },
      { row: 3, externalId: 'S2', reason: 'externalId S2 is also on row 5' },
      { row: 4, externalId: 'S3', reason: 'barcode 2100001 is also on row 2' },
      { row: 5, externalId: 'S2', reason: 'externalId S2 is also on row 3' },
    ]);
  });
});

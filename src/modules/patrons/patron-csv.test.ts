import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { findRepeatsInFile, readPatronCsv } from './patron-csv.ts';

const header = 'externalId,barcode,firstName,lastName,patronGroup,email,birthDate,status';

async function fileProblemOf(csv: string): Promise<DomainError> {
  try {
    await readPatronCsv(csv);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a file problem');
}

describe('reading the patron load file', () => {
  it('matches header names ignoring case, spaces and underscores, and reads a byte-order mark', async () => {
    const parsed = await readPatronCsv('\ufeffExternal ID,BARCODE,first_name,Last Name,patron-group\nS1,2100001,Ana,Gómez,Student\n');
    expect(parsed.columns).toEqual(['externalId', 'barcode', 'firstName', 'lastName', 'patronGroup']);
    expect(parsed.rows).toEqual([{ row: 2, externalId: 'S1', barcode: '2100001', firstName: 'Ana', lastName: 'Gómez', patronGroup: 'student' }]);
    expect(parsed.rejects).toEqual([]);
  });

  it('turns empty optional cells into null, and trims', async () => {
    const parsed = await readPatronCsv(`${header}\n S1 ,2100001,Ana,Gómez,student,, ,\n`);
    expect(parsed.rows[0]).toMatchObject({ externalId: 'S1', email: null, birthDate: null, status: null });
  });

  it('numbers rows by their line in the file (header = 1), counting blank lines and quoted line breaks', async () => {
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
    const parsed = await readPatronCsv(csv);
    expect(parsed.rows.map((row) => row.row)).toEqual([2]);
    expect(parsed.rejects).toEqual([
      { row: 4, externalId: 'S2', reason: 'firstName must be one line without control characters (tabs, line breaks, escape sequences or bidirectional overrides); email is not a valid email address' },
      { row: 6, externalId: 'S3', reason: 'birthDate must be a real date written YYYY-MM-DD' },
      { row: 7, externalId: 'S4', reason: 'firstName is required; status must be active or inactive' },
      { row: 8, externalId: 'S5', reason: 'has 3 fields but the header has 8' },
    ]);
  });

  it('refuses a file whose header lacks a required column or names an unknown one', async () => {
    expect((await fileProblemOf('externalId,barcode,firstName,lastName\n')).details).toEqual({ missing: ['patronGroup'] });
    expect((await fileProblemOf(`${header},shoeSize\n`)).message).toMatch(/shoeSize/);
    expect((await fileProblemOf('')).code).toBe('IMPORT_REJECTED');
  });

  it('rejects rows whose names or addresses carry control characters (NUL, escape, bidi override), as the desk form does', async () => {
    const parsed = await readPatronCsv(`${header}\nS1,2100001,Ana,Gómez,student,,,\nS2,2100002,Zoë\u202Egnp.exe,Kim,student,,,\nS3,2100003,Ren,Lee\u001b[31m,student,,,\n`);
    expect(parsed.rows.map((row) => row.externalId)).toEqual(['S1']);
    expect(parsed.rejects).toEqual([
      { row: 3, externalId: 'S2', reason: 'firstName must be one line without control characters (tabs, line breaks, escape sequences or bidirectional overrides)' },
      { row: 4, externalId: 'S3', reason: 'lastName must be one line without control characters (tabs, line breaks, escape sequences or bidirectional overrides)' },
    ]);
  });

  it('refuses a file that is not CSV, naming the line', async () => {
    expect((await fileProblemOf(`${header}\nS1,"2100001,Ana,Gómez,student,,,\n`)).message).toMatch(/line 2/);
  });

  it('finds barcodes and external ids repeated within the file', async () => {
    const { rows } = await readPatronCsv(
      [header, 'S1,2100001,Ana,Gómez,student,,,', 'S2,2100002,Bo,Kim,student,,,', 'S3,2100001,Cy,Diaz,student,,,', 'S2,2100004,Bo,Kim,student,,,'].join('\n'),
    );
    expect(await findRepeatsInFile(rows)).toEqual([
      { row: 2, externalId: 'S1', reason: 'barcode 2100001 is also on row 4' },
      { row: 3, externalId: 'S2', reason: 'externalId S2 is also on row 5' },
      { row: 4, externalId: 'S3', reason: 'barcode 2100001 is also on row 2' },
      { row: 5, externalId: 'S2', reason: 'externalId S2 is also on row 3' },
    ]);
  });

  it('refuses a file with bytes that are not UTF-8 (read as U+FFFD), naming the first such line', async () => {
    const problem = await fileProblemOf(`${header}\nS1,2100001,Ana,Gomez,student,,,\n\nS2,2100002,Zo\ufffd,Kim,student,,,\nS3,2100003,Ren\ufffd,Lee,student,,,\n`);
    expect([problem.code, problem.details]).toEqual(['IMPORT_NOT_UTF8', { line: 4 }]);
  });

  it('lets other work run while it reads a large file: the event loop gets a turn every few hundred rows', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => `S${index},21${String(index).padStart(8, '0')},Ana,Gomez,student,,,`);
    let turns = 0;
    const tick = () => {
      turns += 1;
      ticker = setImmediate(tick);
    };
    let ticker = setImmediate(tick);
    try {
      const parsed = await readPatronCsv([header, ...rows].join('\n'));
      expect(parsed.rows).toHaveLength(20_000);
    } finally {
      clearImmediate(ticker);
    }
    // 20,000 rows at most 1,000 rows per turn: at least 20 turns for other requests.
    expect(turns).toBeGreaterThanOrEqual(20);
  });
});


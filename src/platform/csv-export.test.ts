import { describe, expect, it } from 'vitest';
import { csvField, csvFile } from './csv-export.ts';

describe('CSV for spreadsheets', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Smith, Jr.')).toBe('"Smith, Jr."');
    expect(csvField('the "good" book')).toBe('"the ""good"" book"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('')).toBe('');
  });

  it('defuses a patron name or note that a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csvField('+1 555 0100')).toBe("'+1 555 0100");
    expect(csvField('-cmd|x')).toBe("'-cmd|x");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tindent')).toBe("'\tindent");
  });

  it('leaves amounts, including refunds written as negative dollars, as numbers', () => {
    expect(csvField('-2.50')).toBe('-2.50');
    expect(csvField('1250')).toBe('1250');
    expect(csvField('-5')).toBe('-5');
  });

  it('ends every row with CRLF', () => {
    expect(csvFile([['a', 'b'], ['1', '2']])).toBe('a,b\r\n1,2\r\n');
  });
});

import { describe, expect, it } from 'vitest';
import { isbnVariants } from './isbn.ts';
import { formatOf, mapMarcRecord, withoutIsbdPunctuation } from './marc-mapping.ts';

const record = (leader: string, fields: string[][]) => ({ leader, fields });

describe('withoutIsbdPunctuation', () => {
  it('drops the separators ISBD puts between elements', () => {
    expect(withoutIsbdPunctuation('The pragmatic programmer :')).toBe('The pragmatic programmer');
    expect(withoutIsbdPunctuation('Escape from loneliness /')).toBe('Escape from loneliness');
    expect(withoutIsbdPunctuation('Addison-Wesley,')).toBe('Addison-Wesley');
    expect(withoutIsbdPunctuation('2000.')).toBe('2000');
  });

  it('keeps the period of an initial and an ellipsis', () => {
    expect(withoutIsbdPunctuation('Gatewood, Willard B.')).toBe('Gatewood, Willard B.');
    expect(withoutIsbdPunctuation('New York, N.Y.')).toBe('New York, N.Y.');
    expect(withoutIsbdPunctuation('And then...')).toBe('And then...');
  });
});

describe('formatOf', () => {
  it('reads the leader type and level', () => {
    expect(formatOf(record('00000cam a2200000 a 4500', []))).toBe('book');
    expect(formatOf(record('00000cas a2200000 a 4500', []))).toBe('periodical');
    expect(formatOf(record('00000ccm a2200000 a 4500', []))).toBe('score');
    expect(formatOf(record('00000cem a2200000 a 4500', []))).toBe('map');
    expect(formatOf(record('00000cgm a2200000 a 4500', []))).toBe('dvd');
    expect(formatOf(record('00000cjm a2200000 a 4500', []))).toBe('audio');
    expect(formatOf(record('00000cam a2200000 a 4500', [['008', '110101s2011    xxu     o     000 0 eng d']]))).toBe('ebook');
  });
});

describe('mapMarcRecord', () => {
  it('maps identifiers, subjects with subdivisions and relator terms', () => {
    const mapped = mapMarcRecord(
      record('00000cam a2200000 a 4500', [
        ['001', '123'],
        ['003', 'OCoLC'],
        ['008', '990802s2000    mau      b    001 0 fre  '],
        ['020', '  ', 'a', '0-201-61622-X (pbk.)'],
        ['022', '  ', 'a', '0750-6848'],
        ['035', '  ', 'a', '(OCoLC)ocm00012345'],
        ['245', '10', 'a', 'Histoire /', 'c', 'Jean Dupont.'],
        ['264', ' 1', 'a', 'Paris :', 'b', 'Gallimard,', 'c', '2000.'],
        ['650', ' 0', 'a', 'France', 'x', 'History', 'y', '1789-1815.'],
        ['700', '1 ', 'a', 'Martin, Paul,', 'e', 'translator.'],
      ]),
    );
    expect(mapped.instance).toMatchObject({
      title: 'Histoire', statementOfResponsibility: 'Jean Dupont', isbns: ['020161622X'], issns: ['0750-6848'], oclcNumbers: ['12345'],
      publisher: 'Gallimard', publicationPlace: 'Paris', publicationDate: '2000', subjects: ['France -- History -- 1789-1815'],
      contributors: [{ name: 'Martin, Paul', role: 'translator' }], language: 'fre', sourceRecordId: '(OCoLC)123',
    });
  });

  it('refuses a record without a title', () => {
    expect(() => mapMarcRecord(record('00000cam a2200000 a 4500', [['001', '1']]))).toThrow(/no title/);
  });
});

describe('isbnVariants', () => {
  it('gives both forms of a 978 ISBN', () => {
    expect(isbnVariants('0-201-61622-X')).toEqual(['020161622X', '9780201616224']);
    expect(isbnVariants('978-0-201-61622-4')).toEqual(['9780201616224', '020161622X']);
    expect(isbnVariants('979-10-90636-07-1')).toEqual(['9791090636071']);
    expect(isbnVariants('not an isbn')).toEqual([]);
  });
});

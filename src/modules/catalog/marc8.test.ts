import { describe, expect, it } from 'vitest';
import { decodeMarc8, Marc8Error } from './marc8.ts';

const bytes = (...parts: Array<string | number>) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'number' ? [part] : [...Buffer.from(part, 'latin1')])));

describe('decodeMarc8', () => {
  it('puts each combining mark after its letter and composes them (NFC)', () => {
    expect(decodeMarc8(bytes('R', 0xe2, 'esum', 0xe2, 'e'))).toBe('Résumé');
    expect(decodeMarc8(bytes('De la solitude ', 0xe1, 'a la communaut', 0xe2, 'e.'))).toBe('De la solitude à la communauté.');
  });

  it('keeps several marks on one letter in order', () => {
    expect(decodeMarc8(bytes(0xe3, 0xe1, 'a'))).toBe('ầ'.normalize('NFC'));
  });

  it('reads the extended Latin letters', () => {
    expect(decodeMarc8(bytes(0xa1, 0xe2, 'od', 0xb5, ' ', 0xc7, ' ', 0xb2))).toBe('Łódæ ß ø');
  });

  it('follows escapes to superscripts and back to ASCII', () => {
    expect(decodeMarc8(bytes('E = mc', 0x1b, 'p2', 0x1b, 's', '!'))).toBe('E = mc²!');
  });

  it('passes subfield delimiters through', () => {
    expect(decodeMarc8(bytes(0x1f, 'aCaf', 0xe2, 'e', 0x1e))).toBe('\u001faCafé\u001e');
  });

  it('refuses unknown escapes and other scripts with a reason', () => {
    expect(() => decodeMarc8(bytes('Soci', 0x1b, 't', 0xe2, 'e'))).toThrow(Marc8Error);
    expect(() => decodeMarc8(bytes('Soci', 0x1b, 't'))).toThrow(/unknown MARC-8 escape sequence \(ESC t\)/);
    expect(() => decodeMarc8(bytes(0x1b, '(N', 'abc'))).toThrow(/Cyrillic/);
  });
});

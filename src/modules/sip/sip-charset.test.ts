import { describe, expect, it } from 'vitest';
import { decodeSipBytes, encodeSipText } from './sip-charset.ts';

const names = ['Zoë Ångström', 'José Núñez', 'François Müller', 'plain ASCII 123 |;:'];

describe('SIP character sets', () => {
  it.each(names)('UTF-8 and Latin-1 round-trip %j', (name) => {
    expect(decodeSipBytes(encodeSipText(name, 'utf-8'), 'utf-8')).toBe(name);
    expect(decodeSipBytes(encodeSipText(name, 'latin1'), 'latin1')).toBe(name);
  });

  it('UTF-8 round-trips any script', () => {
    for (const name of ['Łukasz Wałęsa', '山田太郎', 'Ольга', '📚 Reading room']) {
      expect(decodeSipBytes(encodeSipText(name, 'utf-8'), 'utf-8')).toBe(name);
    }
  });

  it('sends accented letters as one Latin-1 byte each', () => {
    expect([...encodeSipText('Zoë', 'latin1')]).toEqual([0x5a, 0x6f, 0xeb]);
    expect(encodeSipText('Zoë', 'utf-8')).toHaveLength(4);
  });

  it('composes decomposed input before encoding (e + combining diaeresis is ë)', () => {
    expect([...encodeSipText('Zoe\u0308', 'latin1')]).toEqual([0x5a, 0x6f, 0xeb]);
  });

  it('Latin-1 drops accents Latin-1 lacks and writes ? for other scripts', () => {
    expect(decodeSipBytes(encodeSipText('Łukasz Wałęsa', 'latin1'), 'latin1')).toBe('Lukasz Walesa');
    expect(decodeSipBytes(encodeSipText('Ольга “quoted”', 'latin1'), 'latin1')).toBe('????? "quoted"');
  });

  it.each([
    ['Zoë Ångström', 'Zoe Angstrom'],
    ['José Núñez', 'Jose Nunez'],
    ['Straße', 'Strasse'],
    ['Søren Kierkegaard', 'Soren Kierkegaard'],
    ['Łukasz Wałęsa', 'Lukasz Walesa'],
    ['It’s “done” – ok…', 'It\'s "done" - ok...'],
    ['山田', '??'],
    ['📚', '?'],
  ])('ASCII removes accents: %j → %j', (name, expected) => {
    const encoded = encodeSipText(name, 'ascii');
    expect([...encoded].every((byte) => byte < 0x80)).toBe(true);
    expect(decodeSipBytes(encoded, 'ascii')).toBe(expected);
  });

  it('decodes what a kiosk sends without failing on bad bytes', () => {
    expect(decodeSipBytes(Buffer.from([0x41, 0xff, 0x42]), 'utf-8')).toBe('A\uFFFDB');
    expect(decodeSipBytes(Buffer.from([0x41, 0xe9, 0x42]), 'ascii')).toBe('A?B');
    expect(decodeSipBytes(Buffer.from([0x41, 0xe9, 0x42]), 'latin1')).toBe('AéB');
  });
});

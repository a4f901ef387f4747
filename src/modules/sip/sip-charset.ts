import type { SipCharset } from './sip-contract.ts';

/**
 * Text on the SIP wire in the account's character set. Kiosks built for 7- or 8-bit text print '?' or garbage
 * for characters they cannot show, so names are simplified rather than sent as bytes the kiosk misreads.
 */

/** Letters that do not decompose into a base letter plus accents, spelled the way a reader would. */
const asciiSpellings: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u00A0': ' ',
};

const combiningMarks = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/** Plain ASCII with accents removed ('Müller' → 'Muller'); anything else becomes '?'. */
export function toSipAscii(text: string): string {
  let out = '';
  for (const character of text.normalize('NFD').replace(combiningMarks, '')) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) out += character;
    else out += asciiSpellings[character] ?? simplerForm(character);
  }
  return out;
}

/**
 * Compatibility forms ('…' → '...', 'ﬁ' → 'fi') when they are printable ASCII, else '?'. The field
 * separator is excluded: the fullwidth bar '｜' must not turn into a real '|'.
 */
function simplerForm(character: string): string {
  const compatible = character.normalize('NFKD').replace(combiningMarks, '');
  return /^[\x20-\x7b\x7d\x7e]+$/.test(compatible) ? compatible : '?';
}

function toLatin1(text: string): string {
  let out = '';
  for (const character of text.normalize('NFC')) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0xff) out += character;
    else out += asciiSpellings[character] ?? latin1BaseLetter(character);
  }
  return out;
}

/** 'ő' → 'o': the letter without its accent when Latin-1 lacks the accented form, else '?'. */
function latin1BaseLetter(character: string): string {
  const base = character.normalize('NFD').replace(combiningMarks, '');
  return base.length > 0 && /^[\x00-\xff]+$/.test(base) ? base : '?';
}

export function encodeSipText(text: string, charset: SipCharset): Buffer {
  switch (charset) {
    case 'ascii':
      return Buffer.from(toSipAscii(text), 'latin1');
    case 'latin1':
      return Buffer.from(toLatin1(text), 'latin1');
    default:
      return Buffer.from(text.normalize('NFC'), 'utf8');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Bytes from a kiosk as text. Invalid UTF-8 becomes U+FFFD and bytes above 0x7F in ASCII become '?',
 * so a garbled message still parses and the handler reports the unknown patron or item.
 */
export function decodeSipBytes(bytes: Buffer, charset: SipCharset): string {
  switch (charset) {
    case 'ascii':
      return bytes.toString('latin1').replace(/[\x80-\xff]/g, '?');
    case 'latin1':
      return bytes.toString('latin1');
    default:
      return utf8.decode(bytes);
  }
}

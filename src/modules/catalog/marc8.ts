/**
 * MARC-8 → Unicode for the Latin character sets: basic Latin (ASCII), extended Latin (ANSEL) with
 * its combining diacritics, and the Greek-symbol, subscript and superscript sets. MARC-8 writes a
 * combining mark BEFORE its base letter; Unicode after it, so marks wait for the next letter.
 * Other scripts (Cyrillic, Arabic, Hebrew, CJK) and unknown escapes raise Marc8Error: a record we
 * cannot read faithfully is rejected rather than imported with wrong letters.
 */

export class Marc8Error extends Error {
  override name = 'Marc8Error';
}

const ESC = 0x1b;

type CharacterSet = 'basic-latin' | 'extended-latin' | 'greek-symbols' | 'subscripts' | 'superscripts';

// ANSEL spacing characters, 0xA1-0xC8.
const extendedLatin: Record<number, number> = {
  0xa1: 0x0141, 0xa2: 0x00d8, 0xa3: 0x0110, 0xa4: 0x00de, 0xa5: 0x00c6, 0xa6: 0x0152, 0xa7: 0x02b9,
  0xa8: 0x00b7, 0xa9: 0x266d, 0xaa: 0x00ae, 0xab: 0x00b1, 0xac: 0x01a0, 0xad: 0x01af, 0xae: 0x02bc,
  0xb0: 0x02bb, 0xb1: 0x0142, 0xb2: 0x00f8, 0xb3: 0x0111, 0xb4: 0x00fe, 0xb5: 0x00e6, 0xb6: 0x0153,
  0xb7: 0x02ba, 0xb8: 0x0131, 0xb9: 0x00a3, 0xba: 0x00f0, 0xbc: 0x01a1, 0xbd: 0x01b0, 0xc0: 0x00b0,
  0xc1: 0x2113, 0xc2: 0x2117, 0xc3: 0x00a9, 0xc4: 0x266f, 0xc5: 0x00bf, 0xc6: 0x00a1, 0xc7: 0x00df,
  0xc8: 0x20ac,
};

// ANSEL combining diacritics, 0xE0-0xFE.
const combining: Record<number, number> = {
  0xe0: 0x0309, 0xe1: 0x0300, 0xe2: 0x0301, 0xe3: 0x0302, 0xe4: 0x0303, 0xe5: 0x0304, 0xe6: 0x0306,
  0xe7: 0x0307, 0xe8: 0x0308, 0xe9: 0x030c, 0xea: 0x030a, 0xeb: 0xfe20, 0xec: 0xfe21, 0xed: 0x0315,
  0xee: 0x030b, 0xef: 0x0310, 0xf0: 0x0327, 0xf1: 0x0328, 0xf2: 0x0323, 0xf3: 0x0324, 0xf4: 0x0325,
  0xf5: 0x0333, 0xf6: 0x0332, 0xf7: 0x0326, 0xf8: 0x031c, 0xf9: 0x032e, 0xfa: 0xfe22, 0xfb: 0xfe23,
  0xfe: 0x0313,
};

const greekSymbols: Record<number, number> = { 0x61: 0x03b1, 0x62: 0x03b2, 0x63: 0x03b3 };
const subscripts: Record<number, number> = { 0x28: 0x208d, 0x29: 0x208e, 0x2b: 0x208a, 0x2d: 0x208b };
const superscripts: Record<number, number> = { 0x28: 0x207d, 0x29: 0x207e, 0x2b: 0x207a, 0x2d: 0x207b, 0x31: 0x00b9, 0x32: 0x00b2, 0x33: 0x00b3 };
for (let digit = 0; digit <= 9; digit += 1) {
  subscripts[0x30 + digit] = 0x2080 + digit;
  if (superscripts[0x30 + digit] === undefined) superscripts[0x30 + digit] = 0x2070 + digit;
}

/** Final characters of designations for scripts we recognise but do not convert. */
const otherScripts: Record<string, string> = {
  '3': 'Arabic', '4': 'extended Arabic', N: 'Cyrillic', Q: 'extended Cyrillic', S: 'Greek', '2': 'Hebrew', '1': 'CJK (EACC)',
};

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The character set a designation's final character names, or an error for the rest. */
function designated(final: string): CharacterSet {
  if (final === 'B') return 'basic-latin';
  if (final === '!E') return 'extended-latin';
  if (final === 'g') return 'greek-symbols';
  if (final === 'b') return 'subscripts';
  if (final === 'p') return 'superscripts';
  const script = otherScripts[final.replace(/^\$/, '')];
  if (script) throw new Marc8Error(`uses the MARC-8 ${script} character set, which this import cannot convert`);
  throw new Marc8Error(`has an unknown MARC-8 escape sequence (ESC ${final})`);
}

function lookUp(set: CharacterSet, byte: number): number | undefined {
  const low = byte & 0x7f;
  switch (set) {
    case 'basic-latin':
      return low;
    case 'extended-latin':
      return extendedLatin[low | 0x80] ?? combining[low | 0x80];
    case 'greek-symbols':
      return greekSymbols[low] ?? low;
    case 'subscripts':
      return subscripts[low] ?? low;
    case 'superscripts':
      return superscripts[low] ?? low;
  }
}

/**
 * Decode one field (or any run of bytes that starts in the default sets: G0 basic Latin, G1
 * extended Latin). Control bytes such as the subfield delimiter pass through. Result is NFC.
 */
export function decodeMarc8(bytes: Uint8Array): string {
  let g0: CharacterSet = 'basic-latin';
  let g1: CharacterSet = 'extended-latin';
  const out: number[] = [];
  let pendingMarks: number[] = [];
  const flushMarks = () => {
    out.push(...pendingMarks);
    pendingMarks = [];
  };
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index]!;
    if (byte === ESC) {
      const next = bytes[index + 1];
      if (next === undefined) throw new Marc8Error('ends with an incomplete MARC-8 escape sequence');
      const single = String.fromCharCode(next);
      if (single === 's') {
        g0 = 'basic-latin';
        index += 1;
      } else if (single === 'g' || single === 'b' || single === 'p') {
        g0 = designated(single);
        index += 1;
      } else if ('(,)-$'.includes(single)) {
        // ESC ( F or ESC , F → G0; ESC ) F or ESC - F → G1; ESC $ ... → multibyte sets.
        let cursor = index + 2;
        let final = '';
        if (single === '$') final = '$';
        let intermediate = single;
        if (single === '$' && bytes[cursor] !== undefined && '(,)-'.includes(String.fromCharCode(bytes[cursor]!))) {
          intermediate = String.fromCharCode(bytes[cursor]!);
          cursor += 1;
        }
        if (bytes[cursor] === 0x21) {
          final += '!';
          cursor += 1;
        }
        if (bytes[cursor] === undefined) throw new Marc8Error('ends with an incomplete MARC-8 escape sequence');
        final += String.fromCharCode(bytes[cursor]!);
        const set = designated(final);
        if (intermediate === ')' || intermediate === '-') g1 = set;
        else g0 = set;
        index = cursor;
      } else {
        throw new Marc8Error(`has an unknown MARC-8 escape sequence (ESC ${/[\x21-\x7e]/.test(single) ? single : hex(next)})`);
      }
      continue;
    }
    if (byte < 0x20 || byte === 0x7f) {
      flushMarks();
      out.push(byte);
      continue;
    }
    if (byte === 0x20) {
      flushMarks();
      out.push(0x20);
      continue;
    }
    if (byte === 0x88 || byte === 0x89) continue; // non-sort markers: no Unicode equivalent in MARC 21
    if (byte === 0x8d || byte === 0x8e) {
      out.push(byte === 0x8d ? 0x200d : 0x200c);
      continue;
    }
    if (byte >= 0x80 && byte < 0xa1) throw new Marc8Error(`contains byte ${hex(byte)}, which is not a MARC-8 character`);
    const set = byte < 0x80 ? g0 : g1;
    const code = lookUp(set, byte);
    if (code === undefined) throw new Marc8Error(`contains byte ${hex(byte)}, which is not a MARC-8 character`);
    if ((code >= 0x0300 && code <= 0x036f) || (code >= 0xfe20 && code <= 0xfe23)) {
      pendingMarks.push(code);
      continue;
    }
    out.push(code);
    flushMarks();
  }
  flushMarks();
  return String.fromCodePoint(...out).normalize('NFC');
}

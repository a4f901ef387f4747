/**
 * Shelf order for call numbers. The key compares as plain text (both databases sort it with a
 * byte-wise collation) and puts LC and Dewey numbers in the order a shelver reads the shelf:
 * QA76.73 .J38 2019 < QA76.9 .D3 < QA761 .A1, and 005.133 < 005.2.
 */

const lcPattern = /^([A-Z]{1,3})\s*(\d+)(?:\.(\d+))?\s*(.*)$/;
const deweyPattern = /^(\d{1,3})(?:\.(\d+))?\s*(.*)$/;

/** Whole numbers are padded so that "v.2" sorts before "v.10" and "QA76" before "QA761". */
function padNumber(digits: string, width: number): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  return trimmed.length >= width ? trimmed : '0'.repeat(width - trimmed.length) + trimmed;
}

/**
 * The part after the class number: cutters (".J38" → "J38", compared as decimals, so they are kept
 * as written), then dates, volumes and copies (whole numbers padded).
 */
function remainderKey(rest: string): string {
  const tokens = rest
    .replace(/\.(?=[A-Z])/g, ' ')
    .split(/[\s,;:]+/)
    .map((token) => token.replace(/^\.+|\.+$/g, ''))
    .filter((token) => token.length > 0);
  return tokens
    .flatMap((token) => {
      if (/^[A-Z]\d+[A-Z]*$/.test(token)) return [token];
      // "V.2", "C.1": a word and a number read as two parts
      const split = /^([A-Z]+)\.?(\d+)$/.exec(token);
      if (split) return [split[1]!, padNumber(split[2]!, 6)];
      if (/^\d+$/.test(token)) return [padNumber(token, 6)];
      return [token.replace(/[^A-Z0-9.]/g, '')];
    })
    .filter((part) => part.length > 0)
    .join(' ');
}

function joinKey(parts: string[]): string {
  return parts.filter((part) => part.length > 0).join(' ');
}

/** A normalised key that sorts LC and Dewey call numbers in shelf order; other schemes sort by their text. */
export function shelvingOrderOf(callNumber: string): string {
  const text = callNumber.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/\s+/g, ' ').trim();
  if (text === '') return '';
  const lc = lcPattern.exec(text);
  if (lc) {
    const [, letters, whole, decimal, rest] = lc;
    // Space pads the class letters: "Q" files before "QA"; a missing decimal files before any decimal.
    const classNumber = padNumber(whole!, 5) + (decimal ? `.${decimal}` : '');
    return joinKey([letters!.padEnd(3, ' '), classNumber, remainderKey(rest ?? '')]);
  }
  const dewey = deweyPattern.exec(text);
  if (dewey) {
    const [, whole, decimal, rest] = dewey;
    return joinKey([padNumber(whole!, 3) + (decimal ? `.${decimal}` : ''), remainderKey(rest ?? '')]);
  }
  return remainderKey(text);
}

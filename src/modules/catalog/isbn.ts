/** ISBN cleaning and the 10 ↔ 13 digit equivalence, so either form finds the record. */

/** "978-0-262-03384-8 (hbk.)" → "9780262033848"; null when no ISBN-shaped number is there. */
export function cleanIsbn(text: string): string | null {
  const match = /[0-9][0-9\s-]{8,16}[0-9Xx]/.exec(text);
  if (!match) return null;
  const digits = match[0].replace(/[\s-]/g, '').toUpperCase();
  if (digits.length === 10 && /^\d{9}[\dX]$/.test(digits)) return digits;
  if (digits.length === 13 && /^\d{13}$/.test(digits)) return digits;
  return null;
}

function isbn13CheckDigit(first12: string): string {
  const sum = [...first12].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return String((10 - (sum % 10)) % 10);
}

function isbn10CheckDigit(first9: string): string {
  const sum = [...first9].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** The cleaned ISBN and its other form (ISBN-10 for a 978 ISBN-13, ISBN-13 for an ISBN-10). */
export function isbnVariants(text: string): string[] {
  const isbn = cleanIsbn(text);
  if (!isbn) return [];
  if (isbn.length === 10) {
    const first12 = `978${isbn.slice(0, 9)}`;
    return [isbn, first12 + isbn13CheckDigit(first12)];
  }
  if (isbn.startsWith('978')) {
    const first9 = isbn.slice(3, 12);
    return [isbn, first9 + isbn10CheckDigit(first9)];
  }
  return [isbn];
}

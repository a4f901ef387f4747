import type { Patron } from '../api/queries.ts';

/** The name to call the patron by: the preferred first name when there is one. */
export function patronName(patron: Patron): string {
  const first = patron.preferredFirstName?.trim() || patron.firstName;
  return `${first} ${patron.lastName}`.trim();
}

/** The legal name, shown only when it differs from the name the patron goes by. */
export function legalNameIfDifferent(patron: Patron): string | undefined {
  const preferred = patron.preferredFirstName?.trim();
  if (!preferred || preferred === patron.firstName) return undefined;
  return `${patron.firstName} ${patron.lastName}`;
}

/** A scanned patron card: fourteen digits, as Codabar library cards carry. */
export function looksLikePatronBarcode(text: string): boolean {
  return /^\d{14}$/.test(text.trim());
}

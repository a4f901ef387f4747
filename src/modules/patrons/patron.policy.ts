import { DateTime } from 'luxon';

/**
 * Pure rules about patron records: name folding for search and duplicate checks, the display
 * name, expiry and which blocks are in force. No I/O; the time is always a parameter.
 */

// Letters that Unicode decomposition does not split into base letter + accent.
const unsplittableLetters: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower-case, accent-free form of a name: 'Zoë Ångström-Łukasz' → 'zoe angstrom-lukasz'. */
export function foldName(value: string): string {
  // Most names in a load file are plain ASCII: skip the Unicode work for them.
  if (/^[\x20-\x7e]*$/.test(value)) return value.toLowerCase();
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => unsplittableLetters[letter] ?? letter);
}

/** Words of a name or a search, folded, with punctuation dropped: "O'Brien-Smith" → ['obrien', 'smith']. */
export function foldedWords(value: string): string[] {
  return foldName(value)
    .replace(/['’`.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export interface PatronNameParts {
  firstName: string;
  middleName?: string | null | undefined;
  lastName: string;
  preferredFirstName?: string | null | undefined;
}

/**
 * The key two records share when they name the same person: folded last and first name with
 * spaces and punctuation removed, so 'De la Cruz, José' and 'delacruz, jose' match.
 */
export function nameKeyOf(name: Pick<PatronNameParts, 'firstName' | 'lastName'>): string {
  return `${foldedWords(name.lastName).join('')}|${foldedWords(name.firstName).join('')}`;
}

/** Every folded word of a patron's names, space-separated and padded so ' word' finds a word start. */
export function searchTextOf(name: PatronNameParts): string {
  const words = [name.firstName, name.middleName, name.preferredFirstName, name.lastName].flatMap((part) => (part ? foldedWords(part) : []));
  return ` ${words.join(' ')} `;
}

/** What the desk calls the patron: the preferred first name when there is one, then the last name. */
export function displayNameOf(name: PatronNameParts): string {
  const first = name.preferredFirstName?.trim() || name.firstName;
  return `${first} ${name.lastName}`.trim();
}

/** Today's date ('YYYY-MM-DD') in the institution's time zone. */
export function localDateOf(now: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new Error(`Unknown time zone: ${timeZone}`);
  return local.toISODate() as string;
}

/**
 * A card is good through its expiry date, local to the institution: a card expiring on 31 May
 * still works at 23:59 on 31 May in the library's time zone and is expired from 1 June.
 * No expiry date means the card does not expire.
 */
export function isPatronExpired(expiresOn: string | null | undefined, now: Date, timeZone: string): boolean {
  if (!expiresOn) return false;
  return expiresOn < localDateOf(now, timeZone);
}

/** A manual block is in force until its expiry instant, if it has one. */
export function isBlockActive(block: { expiresAt: string | null }, now: Date): boolean {
  return block.expiresAt === null || new Date(block.expiresAt).getTime() > now.getTime();
}

export interface DuplicateCandidate {
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
}

export type DuplicateReason = 'same-name-and-birth-date' | 'same-email';

/**
 * Why two records may be the same person: same first and last name (ignoring case and accents)
 * and the same birth date, or the same email address (ignoring case).
 */
export function duplicateReasonsOf(candidate: DuplicateCandidate, other: DuplicateCandidate): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  if (candidate.birthDate && candidate.birthDate === other.birthDate && nameKeyOf(candidate) === nameKeyOf(other)) {
    reasons.push('same-name-and-birth-date');
  }
  if (candidate.email && other.email && normalizeEmail(candidate.email) === normalizeEmail(other.email)) reasons.push('same-email');
  return reasons;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A real calendar date written 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  // Plain arithmetic rather than luxon: a 30,000-row load file checks two dates per row.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { isBlockActive } from './patron.policy.ts';
import { findPatronIdByBarcode, findPatronOwnView, requirePatronRow } from './patron.queries.ts';

/** The id of the institution's patron with this library card barcode, or undefined when there is none. */
export async function patronIdOfBarcode(db: Kysely<Database>, institutionId: string, barcode: string): Promise<string | undefined> {
  return findPatronIdByBarcode(db, institutionId, barcode);
}

/** The institution's patron with this id; PATRON_NOT_FOUND for an unknown id or another institution's patron. */
export async function requirePatron(db: Kysely<Database>, institutionId: string, patronId: string) {
  return requirePatronRow(db, institutionId, patronId);
}

export interface PatronOwnView {
  barcode: string;
  /** Preferred first name (else first name) and last name, as the patron is greeted. */
  displayName: string;
  email: string | null;
  expiresOn: string | null;
  group: string;
  /** A block in force stops borrowing. */
  borrowingBlocked: boolean;
  /** What staff wrote for the patron on the blocks in force (never the staff-only reason). */
  blockMessages: string[];
}

/** The patron's own record as the portal shows it to them; PATRON_NOT_FOUND for an unknown id or another institution's patron. */
export async function patronOwnView(db: Kysely<Database>, institutionId: string, patronId: string, now: Date): Promise<PatronOwnView> {
  const found = await findPatronOwnView(db, institutionId, patronId);
  if (!found) throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.', { patronId });
  const { patron, blocks } = found;
  const inForce = blocks.filter((block) => isBlockActive({ expiresAt: block.expires_at }, now));
  return {
    barcode: patron.barcode,
    displayName: `${patron.preferred_first_name ?? patron.first_name} ${patron.last_name}`,
    email: patron.email,
    expiresOn: patron.expires_on,
    group: patron.group_name,
    borrowingBlocked: inForce.some((block) => Boolean(block.blocks_borrowing)),
    blockMessages: inForce.flatMap((block) => (block.patron_message ? [block.patron_message] : [])),
  };
}

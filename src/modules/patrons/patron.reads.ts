import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findPatronIdByBarcode, requirePatronRow } from './patron.queries.ts';

/** The id of the institution's patron with this library card barcode, or undefined when there is none. */
export async function patronIdOfBarcode(db: Kysely<Database>, institutionId: string, barcode: string): Promise<string | undefined> {
  return findPatronIdByBarcode(db, institutionId, barcode);
}

/** The institution's patron with this id; PATRON_NOT_FOUND for an unknown id or another institution's patron. */
export async function requirePatron(db: Kysely<Database>, institutionId: string, patronId: string) {
  return requirePatronRow(db, institutionId, patronId);
}

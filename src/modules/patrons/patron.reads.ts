import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findPatronIdByBarcode } from './patron.queries.ts';

/** The id of the institution's patron with this library card barcode, or undefined when there is none. */
export async function patronIdOfBarcode(db: Kysely<Database>, institutionId: string, barcode: string): Promise<string | undefined> {
  return findPatronIdByBarcode(db, institutionId, barcode);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findPatronOfReceipt } from './receipt.queries.ts';

/** Whose receipt this is (a fee action's id or a payment batch's id); undefined when the institution has no such receipt. */
export async function patronOfReceipt(db: Kysely<Database>, institutionId: string, receiptId: string): Promise<string | undefined> {
  return findPatronOfReceipt(db, institutionId, receiptId);
}

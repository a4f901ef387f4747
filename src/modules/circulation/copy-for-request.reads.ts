import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findCirculationItem, type CirculationItem } from './loan.queries.ts';
import { openLoansOnTitle, type OpenLoanOnCopy } from './recall.queries.ts';

/** What the request queue reads of circulation to place a request, always within one institution. */

/** A copy as the circulation rules see it (material type, loan type, location, open loan), by barcode or id; null when unknown. */
export async function copyForRequest(db: Kysely<Database>, institutionId: string, by: { barcode: string } | { id: string }): Promise<CirculationItem | null> {
  return findCirculationItem(db, institutionId, by);
}

/** The open loans on a title's copies: what a title-level recall may shorten. */
export async function openLoansOnCopiesOf(db: Kysely<Database>, institutionId: string, instanceId: string): Promise<OpenLoanOnCopy[]> {
  return openLoansOnTitle(db, institutionId, instanceId);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { portalAccountOf, type PortalAccount } from './portal-account.queries.ts';
import { portalPickupDesks, searchPortalCatalog, type PortalTitle } from './portal-catalog.queries.ts';
import { listPortalLibraries, type PortalLibrary } from './portal-session.queries.ts';

/** What the portal screens read for the signed-in patron (or, before sign-in, the libraries). */

export async function librariesForSignIn(db: Kysely<Database>): Promise<Array<{ code: string; name: string }>> {
  return listPortalLibraries(db);
}

/** The patron's loans, requests, fees and blocks. */
export async function accountOfPatron(db: Kysely<Database>, library: PortalLibrary, institutionId: string, patronId: string, now: Date): Promise<PortalAccount> {
  return portalAccountOf(db, library, institutionId, patronId, now);
}

export async function searchLibraryCatalog(db: Kysely<Database>, institutionId: string, page: { q: string; limit: number; offset: number }): Promise<{ items: PortalTitle[]; total: number }> {
  return searchPortalCatalog(db, institutionId, page);
}

/** Desks where the patron may pick up requests. */
export async function pickupDesksOf(db: Kysely<Database>, institutionId: string): Promise<Array<{ id: string; name: string }>> {
  return portalPickupDesks(db, institutionId);
}

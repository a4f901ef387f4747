import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { searchTitles } from '../catalog/index.ts';
import { pickupServicePoints } from '../org/index.ts';

/** A title as a patron sees it in search: who wrote it, and how many copies are on the shelf. */
export interface PortalTitle {
  instanceId: string;
  title: string;
  author: string | null;
  publicationYear: string | null;
  copies: number;
  available: number;
}

export async function searchPortalCatalog(db: Kysely<Database>, institutionId: string, page: { q: string; limit: number; offset: number }): Promise<{ items: PortalTitle[]; total: number }> {
  const found = await searchTitles(db, institutionId, page);
  return {
    total: found.total,
    items: found.items.map((title) => ({
      instanceId: title.id,
      title: title.title,
      author: title.contributors[0] ?? null,
      publicationYear: title.publicationDate,
      copies: title.availability.total,
      available: title.availability.available,
    })),
  };
}

/** Desks open for pickup, under the name patrons know them by. */
export async function portalPickupDesks(db: Kysely<Database>, institutionId: string): Promise<Array<{ id: string; name: string }>> {
  const points = await pickupServicePoints(db, institutionId);
  return points.filter((point) => point.active).map((point) => ({ id: point.id, name: point.discoveryName ?? point.name }));
}

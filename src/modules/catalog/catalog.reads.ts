import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { contributorNames, searchCatalog, type InstanceSummary } from './search.queries.ts';

/** What other modules may read of the catalogue, always within one institution. */

/** One page of titles matching the words a reader typed, with copies and copies on the shelf. */
export async function searchTitles(db: Kysely<Database>, institutionId: string, page: { q: string; limit: number; offset: number }): Promise<{ items: InstanceSummary[]; total: number }> {
  return searchCatalog(db, { institutionId, ...page });
}

/** The first contributor of each title (the author a reader knows it by), or null when none is recorded. */
export async function firstAuthorsOfTitles(db: Kysely<Database>, institutionId: string, instanceIds: string[]): Promise<Map<string, string | null>> {
  if (instanceIds.length === 0) return new Map();
  const rows = await db.selectFrom('instance').select(['id', 'contributors']).where('institution_id', '=', institutionId).where('id', 'in', [...new Set(instanceIds)]).execute();
  return new Map(rows.map((row) => [row.id, contributorNames(row.contributors)[0] ?? null]));
}

/** The title (instance) of each of these items of the institution, by item id. */
export async function instanceIdsOfItems(db: Kysely<Database>, institutionId: string, itemIds: string[]): Promise<Map<string, string>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.selectFrom('item').select(['id', 'instance_id']).where('institution_id', '=', institutionId).where('id', 'in', itemIds).execute();
  return new Map(rows.map((row) => [row.id, row.instance_id]));
}

/** Up to `limit` titles of the institution with exactly this title (a kiosk names a title, not an id). */
export async function instanceIdsWithTitle(db: Kysely<Database>, institutionId: string, title: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('instance').select('id').where('institution_id', '=', institutionId).where('title', '=', title).limit(limit).execute();
  return rows.map((row) => row.id);
}

import { sql, type Kysely, type SqlBool } from 'kysely';
import { deleteKeywordRowsOfInstances, deleteKeywordRowsOfInstitution, fillKeywordIndex } from '../../db/full-text-search.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Keeps the keyword index (created by migration 0002) in step with the catalogue: which instances to
 * index again; how each database indexes them is src/db/full-text-search.ts.
 */

const batchSize = 500;

/** Refresh the index rows of these instances (call inside the transaction that changed them). */
export async function reindexInstances(db: Kysely<Database>, instanceIds: string[]): Promise<void> {
  const ids = [...new Set(instanceIds)];
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    const chosen = sql<SqlBool>`i.id in (${sql.join(batch)})`;
    await deleteKeywordRowsOfInstances(db, batch);
    await fillKeywordIndex(db, chosen);
  }
}

/** Rebuild every index row of an institution (after bulk loads: the demo seed, a large import). */
export async function rebuildSearchIndex(db: Kysely<Database>, institutionId: string): Promise<void> {
  const chosen = sql<SqlBool>`i.institution_id = ${institutionId}`;
  await deleteKeywordRowsOfInstitution(db, institutionId);
  await fillKeywordIndex(db, chosen);
}

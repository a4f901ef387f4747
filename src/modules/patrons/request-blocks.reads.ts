import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A patron's blocks that stop requests (active or not: isBlockActive says which count now), within one institution. */
export async function requestBlocksOfPatron(db: Kysely<Database>, institutionId: string, patronId: string): Promise<Array<{ reason: string; expiresAt: string | null }>> {
  const rows = await db.selectFrom('patron_block').select(['reason', 'expires_at']).where('institution_id', '=', institutionId).where('patron_id', '=', patronId).where('blocks_requests', '=', true).execute();
  return rows.map((row) => ({ reason: row.reason, expiresAt: row.expires_at }));
}

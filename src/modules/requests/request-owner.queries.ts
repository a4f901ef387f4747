import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Whether the request (open or ended) is this patron's, within the institution. */
export async function requestIsPatrons(db: Kysely<Database>, institutionId: string, patronId: string, requestId: string): Promise<boolean> {
  const row = await db.selectFrom('request').select('id').where('institution_id', '=', institutionId).where('patron_id', '=', patronId).where('id', '=', requestId).executeTakeFirst();
  return row !== undefined;
}

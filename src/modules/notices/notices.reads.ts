import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { PageQuery } from '../../platform/pagination.ts';
import { listPatronDeliveries, type NoticeDeliveryView } from './notices.queries.ts';

/** One page of the notices sent (or failing, or waiting) to one patron, newest first. */
export async function patronNoticesPage(db: Kysely<Database>, institutionId: string, patronId: string, page: PageQuery): Promise<{ items: NoticeDeliveryView[]; total: number }> {
  return listPatronDeliveries(db, institutionId, patronId, page.limit, page.offset);
}

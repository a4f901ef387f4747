import type { Kysely } from 'kysely';
import type { Database, HoldSlipFormat } from '../../db/schema.ts';

/** SQL of the institution's request settings (request-settings.service.ts). */

export async function findHoldSlipFormat(db: Kysely<Database>, institutionId: string): Promise<HoldSlipFormat | undefined> {
  return (await db.selectFrom('request_settings').select('hold_slip_format').where('institution_id', '=', institutionId).executeTakeFirst())?.hold_slip_format;
}

export async function saveHoldSlipFormat(db: Kysely<Database>, institutionId: string, format: HoldSlipFormat, by: string | null, now: string): Promise<void> {
  await db
    .insertInto('request_settings')
    .values({ institution_id: institutionId, hold_slip_format: format, updated_at: now, updated_by: by })
    .onConflict((conflict) => conflict.column('institution_id').doUpdateSet({ hold_slip_format: format, updated_at: now, updated_by: by }))
    .execute();
}

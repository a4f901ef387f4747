import type { Kysely } from 'kysely';
import type { Database, HoldSlipFormat } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';

export const holdSlipFormats = ['initials-and-last-four', 'full-name', 'last-name-first-initial', 'barcode-only-last-four'] as const satisfies readonly HoldSlipFormat[];

export interface RequestSettingsView {
  holdSlipFormat: HoldSlipFormat;
}

/** The institution's request settings; the defaults until a supervisor changes them. */
export async function readRequestSettings(db: Kysely<Database>, institutionId: string): Promise<RequestSettingsView> {
  const row = await db.selectFrom('request_settings').select('hold_slip_format').where('institution_id', '=', institutionId).executeTakeFirst();
  return { holdSlipFormat: row?.hold_slip_format ?? 'initials-and-last-four' };
}

export async function updateRequestSettings(db: Kysely<Database>, clock: Clock, actor: Actor, change: Partial<RequestSettingsView>): Promise<RequestSettingsView> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now().toISOString();
    const before = await readRequestSettings(trx, actor.institutionId);
    const after = { ...before, ...change };
    await trx
      .insertInto('request_settings')
      .values({ institution_id: actor.institutionId, hold_slip_format: after.holdSlipFormat, updated_at: now, updated_by: actor.id })
      .onConflict((conflict) => conflict.column('institution_id').doUpdateSet({ hold_slip_format: after.holdSlipFormat, updated_at: now, updated_by: actor.id }))
      .execute();
    await recordAuditEvent(trx, actor, clock.now(), { action: 'request-settings.update', entityType: 'request_settings', entityId: actor.institutionId, before, after });
    return after;
  });
}

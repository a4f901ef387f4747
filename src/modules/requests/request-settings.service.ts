import type { Kysely } from 'kysely';
import type { Database, HoldSlipFormat } from '../../db/schema.ts';
import { inTransaction, type ServiceContext } from '../../platform/service-context.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { findHoldSlipFormat, saveHoldSlipFormat } from './request-settings.queries.ts';

export const holdSlipFormats = ['initials-and-last-four', 'full-name', 'last-name-first-initial', 'barcode-only-last-four'] as const satisfies readonly HoldSlipFormat[];

export interface RequestSettingsView {
  holdSlipFormat: HoldSlipFormat;
}

/** The institution's request settings; the defaults until a supervisor changes them. */
export async function readRequestSettings(db: Kysely<Database>, institutionId: string): Promise<RequestSettingsView> {
  return { holdSlipFormat: (await findHoldSlipFormat(db, institutionId)) ?? 'initials-and-last-four' };
}

export async function updateRequestSettings(ctx: ServiceContext, actor: Actor, change: Partial<RequestSettingsView>): Promise<RequestSettingsView> {
  const { clock } = ctx;
  return inTransaction(ctx, async (trx) => {
    const now = clock.now().toISOString();
    const before = await readRequestSettings(trx, actor.institutionId);
    const after = { ...before, ...change };
    await saveHoldSlipFormat(trx, actor.institutionId, after.holdSlipFormat, actor.id, now);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'request-settings.update', entityType: 'request_settings', entityId: actor.institutionId, before, after });
    return after;
  });
}

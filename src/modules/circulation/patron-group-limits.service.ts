import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { idOfReference } from './circulation-rules.queries.ts';
import { findPatronGroupLimits, listPatronGroupLimits, savePatronGroupLimits } from './patron-group-limits.queries.ts';

export interface PatronGroupLimitsInput {
  maxLoans?: number | null | undefined;
  /** material type id or code → maximum loans of that type */
  maxLoansPerMaterialType?: Record<string, number> | undefined;
  maxOverdueItems?: number | null | undefined;
  maxOverdueRecalls?: number | null | undefined;
  maxLostItems?: number | null | undefined;
  maxFeeBalanceCents?: number | null | undefined;
}

/** Every patron group's automated block limits (null: no limit). */
export async function patronGroupLimitsOf(db: Kysely<Database>, institutionId: string) {
  return listPatronGroupLimits(db, institutionId);
}

/** Replace a patron group's limits (anything left out means no limit), audited with before and after. */
export async function setPatronGroupLimits(db: Kysely<Database>, clock: Clock, actor: Actor, patronGroupReference: string, input: PatronGroupLimitsInput) {
  return db.transaction().execute(async (trx) => {
    const patronGroupId = await idOfReference(trx, 'patron_group', actor.institutionId, patronGroupReference);
    if (!patronGroupId) throw new DomainError('PATRON_GROUP_NOT_FOUND', `There is no patron group '${patronGroupReference}'.`, { patronGroup: patronGroupReference });
    const perMaterialType: Record<string, number> = {};
    for (const [reference, max] of Object.entries(input.maxLoansPerMaterialType ?? {})) {
      const materialTypeId = await idOfReference(trx, 'material_type', actor.institutionId, reference);
      if (!materialTypeId) {
        throw new DomainError('VALIDATION_FAILED', `There is no material type '${reference}'.`, [{ field: `body.maxLoansPerMaterialType.${reference}`, message: 'no such material type' }]);
      }
      perMaterialType[materialTypeId] = max;
    }
    const before = await findPatronGroupLimits(trx, actor.institutionId, patronGroupId);
    const values = {
      max_loans: input.maxLoans ?? null,
      max_loans_per_material_type: JSON.stringify(perMaterialType),
      max_overdue_items: input.maxOverdueItems ?? null,
      max_overdue_recalls: input.maxOverdueRecalls ?? null,
      max_lost_items: input.maxLostItems ?? null,
      max_fee_balance_cents: input.maxFeeBalanceCents ?? null,
      updated_at: clock.now().toISOString(),
      updated_by: actor.name,
    };
    await savePatronGroupLimits(trx, actor.institutionId, patronGroupId, values, before.updatedAt === null);
    const after = await findPatronGroupLimits(trx, actor.institutionId, patronGroupId);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron-group-limit.update', entityType: 'patron_group', entityId: patronGroupId, before, after });
    return after;
  });
}

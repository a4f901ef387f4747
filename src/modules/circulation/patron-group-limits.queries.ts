import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

/** Automated block limits of one patron group; null means no limit. */
export interface PatronGroupLimits {
  patronGroupId: string;
  maxLoans: number | null;
  /** by material type id */
  maxLoansPerMaterialType: Record<string, number>;
  maxOverdueItems: number | null;
  maxOverdueRecalls: number | null;
  maxLostItems: number | null;
  maxFeeBalanceCents: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export function noLimits(patronGroupId: string): PatronGroupLimits {
  return {
    patronGroupId,
    maxLoans: null,
    maxLoansPerMaterialType: {},
    maxOverdueItems: null,
    maxOverdueRecalls: null,
    maxLostItems: null,
    maxFeeBalanceCents: null,
    updatedAt: null,
    updatedBy: null,
  };
}

/** The limits of a patron group (every one null when none were set); check-out reads these. */
export async function findPatronGroupLimits(db: Kysely<Database>, institutionId: string, patronGroupId: string): Promise<PatronGroupLimits> {
  const row = await db.selectFrom('patron_group_limit').selectAll().where('institution_id', '=', institutionId).where('patron_group_id', '=', patronGroupId).executeTakeFirst();
  if (!row) return noLimits(patronGroupId);
  return {
    patronGroupId,
    maxLoans: row.max_loans,
    maxLoansPerMaterialType: JSON.parse(row.max_loans_per_material_type) as Record<string, number>,
    maxOverdueItems: row.max_overdue_items,
    maxOverdueRecalls: row.max_overdue_recalls,
    maxLostItems: row.max_lost_items,
    maxFeeBalanceCents: row.max_fee_balance_cents,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Every patron group of the institution with its limits, by group name. */
export async function listPatronGroupLimits(db: Kysely<Database>, institutionId: string) {
  const groups = await db.selectFrom('patron_group').select(['id', 'code', 'name']).where('institution_id', '=', institutionId).orderBy('name').execute();
  const rows = await db.selectFrom('patron_group_limit').select('patron_group_id').where('institution_id', '=', institutionId).execute();
  const withRows = new Set(rows.map((row) => row.patron_group_id));
  const materialTypes = await db.selectFrom('material_type').select(['id', 'code', 'name']).where('institution_id', '=', institutionId).execute();
  const typeById = new Map(materialTypes.map((type) => [type.id, type]));
  return Promise.all(
    groups.map(async (group) => {
      const limits = withRows.has(group.id) ? await findPatronGroupLimits(db, institutionId, group.id) : noLimits(group.id);
      return {
        patronGroup: group,
        ...limits,
        maxLoansPerMaterialType: Object.entries(limits.maxLoansPerMaterialType).map(([materialTypeId, max]) => ({
          materialType: typeById.get(materialTypeId) ?? { id: materialTypeId, code: null, name: null },
          max,
        })),
      };
    }),
  );
}

export interface PatronGroupLimitValues {
  max_loans: number | null;
  max_loans_per_material_type: string;
  max_overdue_items: number | null;
  max_overdue_recalls: number | null;
  max_lost_items: number | null;
  max_fee_balance_cents: number | null;
  updated_at: string;
  updated_by: string;
}

/** A group's first limits are a new row; later changes replace that row's values. */
export async function savePatronGroupLimits(trx: Kysely<Database>, institutionId: string, patronGroupId: string, values: PatronGroupLimitValues, isNew: boolean): Promise<void> {
  if (isNew) {
    await trx.insertInto('patron_group_limit').values({ id: newId(), institution_id: institutionId, patron_group_id: patronGroupId, ...values }).execute();
  } else {
    await trx.updateTable('patron_group_limit').set(values).where('patron_group_id', '=', patronGroupId).where('institution_id', '=', institutionId).execute();
  }
}

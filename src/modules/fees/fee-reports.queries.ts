import type { Kysely } from 'kysely';
import type { Database, FeeActionKind } from '../../db/schema.ts';

/** Fees charged in [from, to), per owner desk. */
export async function chargedByOwner(trx: Kysely<Database>, institutionId: string, from: string, to: string) {
  const rows = await trx
    .selectFrom('fee')
    .select((eb) => ['owner_service_point_id', eb.fn.sum<number>('original_amount_cents').as('cents'), eb.fn.countAll<number>().as('n')])
    .where('institution_id', '=', institutionId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('owner_service_point_id')
    .execute();
  return rows.map((row) => ({ ownerServicePointId: row.owner_service_point_id, cents: Number(row.cents), count: Number(row.n) }));
}

/** Fee actions in [from, to) summed per owner desk of the fee and kind (refunds also per target). */
export async function actionsByOwner(trx: Kysely<Database>, institutionId: string, from: string, to: string) {
  const rows = await trx
    .selectFrom('fee_action')
    .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
    .select((eb) => ['fee.owner_service_point_id', 'fee_action.kind', eb.fn.sum<number>('fee_action.amount_cents').as('cents'), eb.fn.countAll<number>().as('n')])
    .where('fee_action.institution_id', '=', institutionId)
    .where('fee_action.occurred_at', '>=', from)
    .where('fee_action.occurred_at', '<', to)
    .groupBy(['fee.owner_service_point_id', 'fee_action.kind'])
    .execute();
  return rows.map((row) => ({ ownerServicePointId: row.owner_service_point_id, kind: row.kind as FeeActionKind, cents: Number(row.cents), count: Number(row.n) }));
}

/** Waivers in [from, to) per owner desk, reason and staff member. */
export async function waiversByReasonAndStaff(trx: Kysely<Database>, institutionId: string, from: string, to: string) {
  const rows = await trx
    .selectFrom('fee_action')
    .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
    .leftJoin('waiver_reason', 'waiver_reason.id', 'fee_action.waiver_reason_id')
    .leftJoin('staff_account', 'staff_account.id', 'fee_action.staff_id')
    .select((eb) => [
      'fee.owner_service_point_id',
      'fee_action.waiver_reason_id',
      'waiver_reason.code as reason_code',
      'waiver_reason.name as reason_name',
      'fee_action.staff_id',
      'staff_account.display_name as staff_name',
      eb.fn.sum<number>('fee_action.amount_cents').as('cents'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('fee_action.institution_id', '=', institutionId)
    .where('fee_action.kind', '=', 'waiver')
    .where('fee_action.occurred_at', '>=', from)
    .where('fee_action.occurred_at', '<', to)
    .groupBy(['fee.owner_service_point_id', 'fee_action.waiver_reason_id', 'waiver_reason.code', 'waiver_reason.name', 'fee_action.staff_id', 'staff_account.display_name'])
    .execute();
  return rows.map((row) => ({
    ownerServicePointId: row.owner_service_point_id,
    reasonId: row.waiver_reason_id,
    reasonCode: row.reason_code,
    reasonName: row.reason_name,
    staffId: row.staff_id,
    staffName: row.staff_name,
    cents: Number(row.cents),
    count: Number(row.n),
  }));
}

export async function servicePointNames(trx: Kysely<Database>, institutionId: string): Promise<Map<string, { code: string; name: string }>> {
  const rows = await trx.selectFrom('service_point').select(['id', 'code', 'name']).where('institution_id', '=', institutionId).execute();
  return new Map(rows.map((row) => [row.id, { code: row.code, name: row.name }]));
}

/** Every open fee with its balance (the last action's, or the original amount), patron group and age. */
export async function openFeeBalances(trx: Kysely<Database>, institutionId: string) {
  const rows = await trx
    .selectFrom('fee')
    .innerJoin('patron', 'patron.id', 'fee.patron_id')
    .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
    .select((eb) => [
      'fee.id',
      'fee.created_at',
      'fee.original_amount_cents',
      'patron_group.id as patron_group_id',
      'patron_group.code as patron_group_code',
      'patron_group.name as patron_group_name',
      eb.selectFrom('fee_action').select('fee_action.balance_after_cents').whereRef('fee_action.fee_id', '=', 'fee.id').orderBy('fee_action.sequence', 'desc').limit(1).as('last_balance_cents'),
    ])
    .where('fee.institution_id', '=', institutionId)
    .where('fee.status', '=', 'open')
    .execute();
  return rows.map((row) => ({
    feeId: row.id,
    createdAt: new Date(row.created_at).toISOString(),
    balanceCents: Number(row.last_balance_cents ?? row.original_amount_cents),
    patronGroup: { id: row.patron_group_id, code: row.patron_group_code, name: row.patron_group_name },
  }));
}

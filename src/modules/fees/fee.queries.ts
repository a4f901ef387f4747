import type { Insertable, Kysely, Selectable } from 'kysely';
import { lockedForUpdate } from '../../db/dialect-sql.ts';
import type { Database, FeeActionTable, FeeTable, PatronCreditActionTable } from '../../db/schema.ts';
import { creditActionRowOf, feeActionRowOf, type FeeActionRecord } from './fee-action-record.ts';

export type FeeRow = Selectable<FeeTable>;
export type FeeActionRow = Selectable<FeeActionTable>;

export interface FeeWithType extends FeeRow {
  fee_type_code: string;
  fee_type_name: string;
  fee_type_kind: string;
  /** The title of the item the fee is for, so fee lists need no lookup per fee. */
  item_title: string | null;
}

/**
 * Lock the patron's row for the rest of the transaction: every ledger change for one patron then
 * runs one after another on PostgreSQL (SQLite already runs one writer at a time), so two desks
 * cannot both take the last cents of a balance or spend the same credit.
 */
export async function lockPatronForLedger(trx: Kysely<Database>, institutionId: string, patronId: string): Promise<boolean> {
  const query = trx.selectFrom('patron').select('id').where('institution_id', '=', institutionId).where('id', '=', patronId);
  return (await lockedForUpdate(trx, query).executeTakeFirst()) !== undefined;
}

function feesWithType(trx: Kysely<Database>) {
  return trx
    .selectFrom('fee')
    .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
    .leftJoin('item', 'item.id', 'fee.item_id')
    .leftJoin('instance', 'instance.id', 'item.instance_id')
    .selectAll('fee')
    .select(['fee_type.code as fee_type_code', 'fee_type.name as fee_type_name', 'fee_type.kind as fee_type_kind', 'instance.title as item_title']);
}

export async function findFee(trx: Kysely<Database>, institutionId: string, feeId: string): Promise<FeeWithType | undefined> {
  return feesWithType(trx).where('fee.institution_id', '=', institutionId).where('fee.id', '=', feeId).executeTakeFirst();
}

export async function listFeesOfPatron(trx: Kysely<Database>, institutionId: string, patronId: string, status?: 'open' | 'closed'): Promise<FeeWithType[]> {
  let query = feesWithType(trx).where('fee.institution_id', '=', institutionId).where('fee.patron_id', '=', patronId);
  if (status) query = query.where('fee.status', '=', status);
  return query.orderBy('fee.created_at').orderBy('fee.id').execute();
}

/** The actions of some fees, oldest first, grouped by fee. */
export async function actionsOfFees(trx: Kysely<Database>, feeIds: readonly string[]): Promise<Map<string, FeeActionRow[]>> {
  const byFee = new Map<string, FeeActionRow[]>(feeIds.map((id) => [id, []]));
  if (feeIds.length === 0) return byFee;
  const chunk = 500;
  for (let start = 0; start < feeIds.length; start += chunk) {
    const rows = await trx
      .selectFrom('fee_action')
      .selectAll()
      .where('fee_id', 'in', feeIds.slice(start, start + chunk))
      .orderBy('fee_id')
      .orderBy('sequence')
      .execute();
    for (const row of rows) byFee.get(row.fee_id)?.push(row);
  }
  return byFee;
}

export async function insertFee(trx: Kysely<Database>, row: Insertable<FeeTable>): Promise<void> {
  await trx.insertInto('fee').values(row).execute();
}

/** Ledger rows are only ever inserted; there is deliberately no update or delete of fee_action. */
export async function insertFeeAction(trx: Kysely<Database>, row: Insertable<FeeActionTable>): Promise<void> {
  await trx.insertInto('fee_action').values(row).execute();
}

export async function setFeeStatus(trx: Kysely<Database>, feeId: string, status: 'open' | 'closed'): Promise<void> {
  await trx.updateTable('fee').set({ status }).where('id', '=', feeId).execute();
}

/** The rows of one decided action: the action, the credit it moves (if any) and the fee's status when it changes. */
export async function writeFeeAction(trx: Kysely<Database>, record: FeeActionRecord, creditActionId: string): Promise<void> {
  await insertFeeAction(trx, feeActionRowOf(record));
  const credit = creditActionRowOf(record, creditActionId);
  if (credit) await insertCreditAction(trx, credit);
  if (record.decision.statusAfter !== record.fee.status) await setFeeStatus(trx, record.fee.id, record.decision.statusAfter);
}

export async function insertCreditAction(trx: Kysely<Database>, row: Insertable<PatronCreditActionTable>): Promise<void> {
  await trx.insertInto('patron_credit_action').values(row).execute();
}

export async function patronCreditCents(trx: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  const row = await trx
    .selectFrom('patron_credit_action')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('total'))
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function feeSettingsOf(trx: Kysely<Database>, institutionId: string): Promise<{ allowCredit: boolean }> {
  const row = await trx.selectFrom('fee_settings').select('allow_credit').where('institution_id', '=', institutionId).executeTakeFirst();
  return { allowCredit: Boolean(row?.allow_credit) };
}

export async function saveFeeSettings(trx: Kysely<Database>, institutionId: string, settings: { allowCredit: boolean }, at: string, by: string | null): Promise<void> {
  const existing = await trx.selectFrom('fee_settings').select('institution_id').where('institution_id', '=', institutionId).executeTakeFirst();
  if (existing) {
    await trx.updateTable('fee_settings').set({ allow_credit: settings.allowCredit, updated_at: at, updated_by: by }).where('institution_id', '=', institutionId).execute();
  } else {
    await trx.insertInto('fee_settings').values({ institution_id: institutionId, allow_credit: settings.allowCredit, updated_at: at, updated_by: by }).execute();
  }
}

/** The most a role may waive in one action, or null when the role has no limit of its own set. */
export async function roleWaiveLimitCents(trx: Kysely<Database>, institutionId: string, roleCode: string): Promise<number | null> {
  const row = await trx
    .selectFrom('role_fee_limit')
    .innerJoin('staff_role', 'staff_role.id', 'role_fee_limit.role_id')
    .select('role_fee_limit.max_waive_cents')
    .where('staff_role.institution_id', '=', institutionId)
    .where('staff_role.code', '=', roleCode)
    .executeTakeFirst();
  return row ? Number(row.max_waive_cents) : null;
}

export async function saveRoleWaiveLimit(trx: Kysely<Database>, institutionId: string, roleId: string, maxWaiveCents: number, at: string, by: string | null): Promise<void> {
  const existing = await trx.selectFrom('role_fee_limit').select('role_id').where('role_id', '=', roleId).executeTakeFirst();
  if (existing) {
    await trx.updateTable('role_fee_limit').set({ max_waive_cents: maxWaiveCents, updated_at: at, updated_by: by }).where('role_id', '=', roleId).execute();
  } else {
    await trx.insertInto('role_fee_limit').values({ role_id: roleId, institution_id: institutionId, max_waive_cents: maxWaiveCents, updated_at: at, updated_by: by }).execute();
  }
}

/** Every role of the institution with a waive limit of its own, by role code. */
export async function roleWaiveLimits(trx: Kysely<Database>, institutionId: string): Promise<Array<{ roleId: string; roleCode: string; maxWaiveCents: number }>> {
  const limits = await trx
    .selectFrom('role_fee_limit')
    .innerJoin('staff_role', 'staff_role.id', 'role_fee_limit.role_id')
    .select(['staff_role.id as roleId', 'staff_role.code as roleCode', 'role_fee_limit.max_waive_cents as maxWaiveCents'])
    .where('staff_role.institution_id', '=', institutionId)
    .orderBy('staff_role.code')
    .execute();
  return limits.map((limit) => ({ ...limit, maxWaiveCents: Number(limit.maxWaiveCents) }));
}

/** The id of the institution's role with this code, or undefined. */
export async function findRoleIdByCode(trx: Kysely<Database>, institutionId: string, roleCode: string): Promise<string | undefined> {
  return (await trx.selectFrom('staff_role').select('id').where('institution_id', '=', institutionId).where('code', '=', roleCode).executeTakeFirst())?.id;
}

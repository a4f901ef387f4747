import type { Insertable, Kysely, Selectable } from 'kysely';
import type { BursarBatchTable, Database } from '../../db/schema.ts';
import type { BursarLine } from './bursar-export.ts';
import type { BursarRule } from './bursar-transfer.policy.ts';

export type BursarBatchRow = Selectable<BursarBatchTable>;

export async function listBursarRules(trx: Kysely<Database>, institutionId: string): Promise<BursarRule[]> {
  const rows = await trx.selectFrom('bursar_rule').selectAll().where('institution_id', '=', institutionId).execute();
  return rows.map((row) => ({ patronGroupId: row.patron_group_id, minAgeDays: Number(row.min_age_days), enabled: Boolean(row.enabled) }));
}

export async function saveBursarRule(trx: Kysely<Database>, institutionId: string, rule: BursarRule, at: string, by: string | null): Promise<void> {
  const existing = await trx.selectFrom('bursar_rule').select('patron_group_id').where('patron_group_id', '=', rule.patronGroupId).executeTakeFirst();
  const values = { min_age_days: rule.minAgeDays, enabled: rule.enabled, updated_at: at, updated_by: by };
  if (existing) await trx.updateTable('bursar_rule').set(values).where('patron_group_id', '=', rule.patronGroupId).execute();
  else await trx.insertInto('bursar_rule').values({ patron_group_id: rule.patronGroupId, institution_id: institutionId, ...values }).execute();
}

export async function patronGroupIdsOf(trx: Kysely<Database>, institutionId: string): Promise<Array<{ id: string; code: string }>> {
  return trx.selectFrom('patron_group').select(['id', 'code']).where('institution_id', '=', institutionId).execute();
}

export interface BursarCandidateRow extends BursarLine {
  patronGroupId: string;
  alreadyExported: boolean;
}

/**
 * Open fees of some patron groups charged at or before `latestCreatedAt`, with their balance (the
 * last action's balance, or the original amount) and whether a standing batch already took them.
 */
export async function bursarCandidates(trx: Kysely<Database>, institutionId: string, patronGroupIds: readonly string[], latestCreatedAt: string): Promise<BursarCandidateRow[]> {
  if (patronGroupIds.length === 0) return [];
  const rows = await trx
    .selectFrom('fee')
    .innerJoin('patron', 'patron.id', 'fee.patron_id')
    .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
    .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
    .select((eb) => [
      'fee.id as fee_id',
      'fee.patron_id',
      'fee.created_at',
      'fee.description',
      'fee.original_amount_cents',
      'patron.external_id',
      'patron.barcode',
      'patron.last_name',
      'patron.first_name',
      'patron.patron_group_id',
      'patron_group.code as patron_group_code',
      'fee_type.name as fee_type_name',
      eb
        .selectFrom('fee_action')
        .select('fee_action.balance_after_cents')
        .whereRef('fee_action.fee_id', '=', 'fee.id')
        .orderBy('fee_action.sequence', 'desc')
        .limit(1)
        .as('last_balance_cents'),
      eb
        .exists(
          eb
            .selectFrom('fee_action')
            .innerJoin('bursar_batch', 'bursar_batch.id', 'fee_action.batch_id')
            .select('fee_action.id')
            .whereRef('fee_action.fee_id', '=', 'fee.id')
            .where('fee_action.kind', '=', 'transfer')
            .where('bursar_batch.status', '=', 'exported'),
        )
        .as('already_exported'),
    ])
    .where('fee.institution_id', '=', institutionId)
    .where('fee.status', '=', 'open')
    .where('patron.patron_group_id', 'in', [...patronGroupIds])
    .where('fee.created_at', '<=', latestCreatedAt)
    .orderBy('patron.last_name')
    .orderBy('patron.first_name')
    .orderBy('fee.created_at')
    .orderBy('fee.id')
    .execute();
  return rows.map((row) => ({
    ...bursarLineOf(row, Number(row.last_balance_cents ?? row.original_amount_cents)),
    patronGroupId: row.patron_group_id,
    alreadyExported: Boolean(row.already_exported),
  }));
}

/** The lines of a batch: its transfer actions, with the patron and fee they moved. */
export async function linesOfBatch(trx: Kysely<Database>, batchId: string): Promise<BursarLine[]> {
  const rows = await trx
    .selectFrom('fee_action')
    .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
    .innerJoin('patron', 'patron.id', 'fee.patron_id')
    .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
    .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
    .select([
      'fee.id as fee_id',
      'fee.patron_id',
      'fee.created_at',
      'fee.description',
      'fee_action.amount_cents',
      'patron.external_id',
      'patron.barcode',
      'patron.last_name',
      'patron.first_name',
      'patron_group.code as patron_group_code',
      'fee_type.name as fee_type_name',
    ])
    .where('fee_action.batch_id', '=', batchId)
    .where('fee_action.kind', '=', 'transfer')
    .orderBy('patron.last_name')
    .orderBy('patron.first_name')
    .orderBy('fee.created_at')
    .orderBy('fee.id')
    .execute();
  return rows.map((row) => bursarLineOf(row, Number(row.amount_cents)));
}

export async function insertBursarBatch(trx: Kysely<Database>, row: Insertable<BursarBatchTable>): Promise<void> {
  await trx.insertInto('bursar_batch').values(row).execute();
}

export async function findBursarBatch(trx: Kysely<Database>, institutionId: string, batchId: string): Promise<BursarBatchRow | undefined> {
  return trx.selectFrom('bursar_batch').selectAll().where('institution_id', '=', institutionId).where('id', '=', batchId).executeTakeFirst();
}

export async function listBursarBatches(trx: Kysely<Database>, institutionId: string, limit: number, offset: number): Promise<{ items: BursarBatchRow[]; total: number }> {
  const base = trx.selectFrom('bursar_batch').where('institution_id', '=', institutionId);
  const items = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(count.n) };
}

export async function markBursarBatchReversed(trx: Kysely<Database>, batchId: string, at: string, by: string | null, reason: string): Promise<void> {
  await trx.updateTable('bursar_batch').set({ status: 'reversed', reversed_at: at, reversed_by: by, reversal_reason: reason }).where('id', '=', batchId).execute();
}

interface BursarLineRow {
  fee_id: string;
  patron_id: string;
  external_id: string | null;
  barcode: string;
  last_name: string;
  first_name: string;
  patron_group_code: string;
  fee_type_name: string;
  created_at: string;
  description: string | null;
}

/** One export line from a fee joined to its patron, group and type, for the amount moved. */
function bursarLineOf(row: BursarLineRow, amountCents: number): BursarLine {
  return {
    feeId: row.fee_id,
    patronId: row.patron_id,
    externalId: row.external_id,
    barcode: row.barcode,
    lastName: row.last_name,
    firstName: row.first_name,
    patronGroupCode: row.patron_group_code,
    feeType: row.fee_type_name,
    amountCents,
    createdAt: new Date(row.created_at).toISOString(),
    description: row.description,
  };
}

import type { Insertable, Kysely } from 'kysely';
import type { Database, FeeActionKind, FeeActionTable, RefundTarget } from '../../db/schema.ts';
import { insertRows } from '../../db/bulk-insert.ts';
import { lockedForUpdate } from '../../db/dialect-sql.ts';

/**
 * The ledger's queries for many fees at once (a bursar batch of tens of thousands): a few large
 * statements instead of several per fee. Chunks keep every statement under both databases' limits
 * on bound parameters (SQLite 32,766, PostgreSQL 65,535).
 */

/** Ids per `in (...)` list. */
const idsPerStatement = 5_000;

function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/** Ids in key order, so that each chunk walks one stretch of the index instead of all of it. */
function idChunksOf(ids: readonly string[]): string[][] {
  return chunksOf([...ids].sort(), idsPerStatement);
}

export interface LedgerActionRow {
  kind: FeeActionKind;
  amount_cents: number;
  refund_to: RefundTarget | null;
}

export interface LedgerFee {
  id: string;
  patron_id: string;
  status: 'open' | 'closed';
  original_amount_cents: number;
  /** Its actions, oldest first: what the balance is derived from. */
  actions: LedgerActionRow[];
}

/**
 * The fees of the institution among these ids, with their actions, by id; an id of another
 * institution is missing. One statement per chunk: each fee joined to its actions.
 */
export async function ledgerFeesByIds(trx: Kysely<Database>, institutionId: string, feeIds: readonly string[]): Promise<Map<string, LedgerFee>> {
  const byId = new Map<string, LedgerFee>();
  for (const chunk of idChunksOf(feeIds)) {
    // The institution is checked here, not in SQL: given both, SQLite walks the institution's index.
    const rows = await trx
      .selectFrom('fee')
      .leftJoin('fee_action', 'fee_action.fee_id', 'fee.id')
      .select(['fee.id', 'fee.institution_id', 'fee.patron_id', 'fee.status', 'fee.original_amount_cents', 'fee_action.kind', 'fee_action.amount_cents', 'fee_action.refund_to'])
      .where('fee.id', 'in', chunk)
      .orderBy('fee.id')
      .orderBy('fee_action.sequence')
      .execute();
    for (const row of rows) {
      if (row.institution_id !== institutionId) continue;
      let fee = byId.get(row.id);
      if (!fee) {
        fee = { id: row.id, patron_id: row.patron_id, status: row.status, original_amount_cents: Number(row.original_amount_cents), actions: [] };
        byId.set(row.id, fee);
      }
      if (row.kind !== null) fee.actions.push({ kind: row.kind, amount_cents: Number(row.amount_cents), refund_to: row.refund_to });
    }
  }
  return byId;
}

/** The patron of each of these fees, to lock their ledgers before reading the fees. */
export async function patronIdsOfFees(trx: Kysely<Database>, feeIds: readonly string[]): Promise<string[]> {
  const patronIds = new Set<string>();
  for (const chunk of idChunksOf(feeIds)) {
    for (const row of await trx.selectFrom('fee').select('patron_id').where('id', 'in', chunk).execute()) patronIds.add(row.patron_id);
  }
  return [...patronIds];
}

/**
 * lockPatronForLedger for many patrons (callers skip it where takesRowLocks is false, to spare the lookup):
 * their rows stay locked for the rest of the transaction, taken in id order so that two batches
 * wait for each other instead of deadlocking.
 */
export async function lockPatronsForLedger(trx: Kysely<Database>, institutionId: string, patronIds: readonly string[]): Promise<void> {
  for (const chunk of idChunksOf(patronIds)) {
    await lockedForUpdate(trx, trx.selectFrom('patron').select('id').where('institution_id', '=', institutionId).where('id', 'in', chunk).orderBy('id')).execute();
  }
}

/**
 * Ledger rows are only ever inserted (see insertFeeAction). insertRows keeps Kysely's builder out
 * of it: at tens of thousands of rows that costs more than the insert itself.
 */
export async function insertFeeActions(trx: Kysely<Database>, rows: readonly Insertable<FeeActionTable>[]): Promise<void> {
  await insertRows(trx, 'fee_action', rows as unknown as ReadonlyArray<Record<string, unknown>>);
}

export async function setFeesStatus(trx: Kysely<Database>, feeIds: readonly string[], status: 'open' | 'closed'): Promise<void> {
  for (const chunk of idChunksOf(feeIds)) await trx.updateTable('fee').set({ status }).where('id', 'in', chunk).execute();
}

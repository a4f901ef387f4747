import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CashDrawerCountTable, Database, PaymentMethod } from '../../db/schema.ts';

export type CashDrawerCountRow = Selectable<CashDrawerCountTable>;

/** Money taken at a desk in [from, to), by payment method: the part applied to fees plus any overpayment kept as credit. */
export async function paymentsByMethod(trx: Kysely<Database>, institutionId: string, servicePointId: string, from: string, to: string): Promise<Map<PaymentMethod, { cents: number; count: number }>> {
  const applied = await trx
    .selectFrom('fee_action')
    .select((eb) => ['method', eb.fn.sum<number>('amount_cents').as('cents'), eb.fn.countAll<number>().as('n')])
    .where('institution_id', '=', institutionId)
    .where('service_point_id', '=', servicePointId)
    .where('kind', '=', 'payment')
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .groupBy('method')
    .execute();
  const kept = await trx
    .selectFrom('patron_credit_action')
    .innerJoin('fee_action', 'fee_action.id', 'patron_credit_action.fee_action_id')
    .select((eb) => ['fee_action.method', eb.fn.sum<number>('patron_credit_action.amount_cents').as('cents')])
    .where('fee_action.institution_id', '=', institutionId)
    .where('fee_action.service_point_id', '=', servicePointId)
    .where('fee_action.kind', '=', 'payment')
    .where('patron_credit_action.reason', '=', 'overpayment')
    .where('fee_action.occurred_at', '>=', from)
    .where('fee_action.occurred_at', '<', to)
    .groupBy('fee_action.method')
    .execute();
  const byMethod = new Map<PaymentMethod, { cents: number; count: number }>();
  for (const row of applied) if (row.method) byMethod.set(row.method, { cents: Number(row.cents), count: Number(row.n) });
  for (const row of kept) {
    if (!row.method) continue;
    const entry = byMethod.get(row.method) ?? { cents: 0, count: 0 };
    entry.cents += Number(row.cents);
    byMethod.set(row.method, entry);
  }
  return byMethod;
}

/** Refunds handed to the patron at a desk in [from, to): the ledger records no method, so the desk pays them from the drawer. */
export async function refundsPaidOut(trx: Kysely<Database>, institutionId: string, servicePointId: string, from: string, to: string): Promise<{ cents: number; count: number }> {
  const row = await trx
    .selectFrom('fee_action')
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('cents'), eb.fn.countAll<number>().as('n')])
    .where('institution_id', '=', institutionId)
    .where('service_point_id', '=', servicePointId)
    .where('kind', '=', 'refund')
    .where('refund_to', '=', 'patron')
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .executeTakeFirstOrThrow();
  return { cents: Number(row.cents), count: Number(row.n) };
}

export async function insertCashDrawerCount(trx: Kysely<Database>, row: Insertable<CashDrawerCountTable>): Promise<void> {
  await trx.insertInto('cash_drawer_count').values(row).execute();
}

export async function findCashDrawerCount(trx: Kysely<Database>, institutionId: string, id: string): Promise<CashDrawerCountRow | undefined> {
  return trx.selectFrom('cash_drawer_count').selectAll().where('institution_id', '=', institutionId).where('id', '=', id).executeTakeFirst();
}

export async function listCashDrawerCounts(
  trx: Kysely<Database>,
  institutionId: string,
  servicePointId: string | undefined,
  limit: number,
  offset: number,
): Promise<{ items: CashDrawerCountRow[]; total: number }> {
  let base = trx.selectFrom('cash_drawer_count').where('institution_id', '=', institutionId);
  if (servicePointId) base = base.where('service_point_id', '=', servicePointId);
  const items = await base.selectAll().orderBy('shift_start', 'desc').orderBy('id').limit(limit).offset(offset).execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(count.n) };
}

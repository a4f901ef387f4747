import { sql, type Kysely } from 'kysely';
import type { Database, ItemStatus, LoanState, RequestStatus } from '../../db/schema.ts';

/**
 * The SQL behind `carrel check`: each query returns the rows that break one rule, at most
 * `limit` of them. Rules follow the modules that keep them (see integrity-check.service.ts).
 */

export type Row = Record<string, unknown>;

/** Loan states of an open loan; the item carries the same word as its status. */
export const openLoanStates = ['checked-out', 'claimed-returned', 'declared-lost', 'aged-to-lost', 'lost-and-paid'] as const satisfies readonly (LoanState & ItemStatus)[];

export async function itemsWithSeveralOpenLoans(db: Kysely<Database>, limit: number): Promise<Row[]> {
  const items = db.selectFrom('loan').select('item_id').where('status', '=', 'open').groupBy('item_id').having((eb) => eb.fn.countAll(), '>', 1).limit(limit);
  return db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .select(['loan.item_id', 'item.barcode', 'loan.id as loan_id', 'loan.patron_id', 'loan.state', 'loan.loaned_at'])
    .where('loan.status', '=', 'open')
    .where('loan.item_id', 'in', items)
    .orderBy('loan.item_id')
    .orderBy('loan.loaned_at')
    .execute();
}

/** Open loans whose item does not say it is out in the loan's state (a check-out half applied). */
export async function openLoansWithWrongItemStatus(db: Kysely<Database>, limit: number): Promise<Row[]> {
  return db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .select(['loan.id as loan_id', 'loan.state as loan_state', 'loan.item_id', 'item.barcode', 'item.status as item_status'])
    .where('loan.status', '=', 'open')
    .where((eb) => eb.or([eb('loan.state', 'not in', openLoanStates), eb('item.status', '<>', eb.ref('loan.state').$castTo<ItemStatus>())]))
    .orderBy('loan.id')
    .limit(limit)
    .execute();
}

export async function checkedOutItemsWithoutLoan(db: Kysely<Database>, limit: number): Promise<Row[]> {
  return db
    .selectFrom('item')
    .select(['item.id as item_id', 'item.barcode', 'item.status', 'item.status_changed_at'])
    .where('item.status', '=', 'checked-out')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('loan').select('loan.id').whereRef('loan.item_id', '=', 'item.id').where('loan.status', '=', 'open'))))
    .orderBy('item.id')
    .limit(limit)
    .execute();
}

/** The ledger formula of fee.policy.ts feeTotals: how one action moves the balance. */
function signedAmount() {
  return sql<number>`case when fee_action.kind = 'adjustment' then fee_action.amount_cents
    when fee_action.kind = 'refund' and fee_action.refund_to = 'balance' then fee_action.amount_cents
    when fee_action.kind = 'refund' then 0
    else -fee_action.amount_cents end`;
}

/** Actions whose recorded balance is not the fee's amount moved by every action up to it. */
export async function feeActionsWithWrongBalance(db: Kysely<Database>, limit: number): Promise<Row[]> {
  const running = db
    .selectFrom('fee_action')
    .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
    .select([
      'fee_action.id as action_id',
      'fee_action.fee_id',
      'fee_action.sequence',
      'fee_action.kind',
      'fee_action.amount_cents',
      'fee_action.balance_after_cents',
      'fee.original_amount_cents',
      sql<number>`fee.original_amount_cents + sum(${signedAmount()}) over (partition by fee_action.fee_id order by fee_action.sequence rows between unbounded preceding and current row)`.as(
        'expected_balance_cents',
      ),
    ]);
  return db
    .selectFrom(running.as('running'))
    .selectAll()
    .whereRef('running.balance_after_cents', '<>', 'running.expected_balance_cents')
    .orderBy('running.fee_id')
    .orderBy('running.sequence')
    .limit(limit)
    .execute();
}

/** Fees whose status disagrees with their balance: open while nothing is owed, or closed while something is. */
export async function feesWithWrongStatus(db: Kysely<Database>, limit: number): Promise<Row[]> {
  const balances = db
    .selectFrom('fee')
    .leftJoin('fee_action', 'fee_action.fee_id', 'fee.id')
    .select(['fee.id as fee_id', 'fee.status', 'fee.original_amount_cents', sql<number>`fee.original_amount_cents + coalesce(sum(${signedAmount()}), 0)`.as('balance_cents')])
    .groupBy(['fee.id', 'fee.status', 'fee.original_amount_cents']);
  return db
    .selectFrom(balances.as('fee_balance'))
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('status', '=', 'open'), eb('balance_cents', '<=', 0)]), eb.and([eb('status', '=', 'closed'), eb('balance_cents', '>', 0)])]))
    .orderBy('fee_id')
    .limit(limit)
    .execute();
}

const openRequestStatuses = ['open-not-yet-filled', 'open-in-transit', 'open-awaiting-pickup'] as const satisfies readonly RequestStatus[];

/**
 * Open requests sharing a place in one queue (an item's item-level queue, or an instance's title-level
 * queue). Gaps are normal: a request that closes keeps its number and the queue is not renumbered.
 */
export async function requestsSharingQueuePosition(db: Kysely<Database>, limit: number): Promise<Row[]> {
  const queueKey = sql<string>`case when request.level = 'item' then request.item_id else request.instance_id end`;
  const shared = db
    .selectFrom('request')
    .select([sql<string>`request.level`.as('level'), queueKey.as('queue_id'), 'request.queue_position'])
    .where('request.status', 'in', openRequestStatuses)
    .groupBy(['request.level', queueKey, 'request.queue_position'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .limit(limit);
  return db
    .selectFrom('request')
    .innerJoin(shared.as('shared'), (join) =>
      join.onRef('shared.level', '=', 'request.level').onRef('shared.queue_position', '=', 'request.queue_position').on(sql<boolean>`shared.queue_id = ${queueKey}`),
    )
    .select(['request.id as request_id', 'request.level', 'request.item_id', 'request.instance_id', 'request.queue_position', 'request.status', 'request.patron_id'])
    .where('request.status', 'in', openRequestStatuses)
    .orderBy('request.instance_id')
    .orderBy('request.queue_position')
    .execute();
}

/** Items on the hold shelf without exactly one request waiting there for them. */
export async function holdShelfItemsWithoutOneRequest(db: Kysely<Database>, limit: number): Promise<Row[]> {
  const waiting = (eb: any) =>
    eb.selectFrom('request').select(eb.fn.countAll().as('count')).whereRef('request.item_id', '=', 'item.id').where('request.status', '=', 'open-awaiting-pickup');
  return db
    .selectFrom('item')
    .select((eb) => ['item.id as item_id', 'item.barcode', 'item.status', waiting(eb).as('waiting_requests')])
    .where('item.status', '=', 'awaiting-pickup')
    .where((eb) => eb(waiting(eb), '<>', 1))
    .orderBy('item.id')
    .limit(limit)
    .execute();
}

/** Requests waiting on the hold shelf for an item that is not there. */
export async function awaitingRequestsWithItemElsewhere(db: Kysely<Database>, limit: number): Promise<Row[]> {
  return db
    .selectFrom('request')
    .leftJoin('item', 'item.id', 'request.item_id')
    .select(['request.id as request_id', 'request.item_id', 'item.barcode', 'item.status as item_status', 'request.patron_id'])
    .where('request.status', '=', 'open-awaiting-pickup')
    .where((eb) => eb.or([eb('item.status', 'is', null), eb('item.status', '<>', 'awaiting-pickup')]))
    .orderBy('request.id')
    .limit(limit)
    .execute();
}

/** References that must stay inside one institution: [table, column, referenced table]. */
export const institutionReferences = [
  ['loan', 'item_id', 'item'],
  ['loan', 'patron_id', 'patron'],
  ['loan', 'patron_group_id', 'patron_group'],
  ['fee', 'patron_id', 'patron'],
  ['fee', 'loan_id', 'loan'],
  ['fee', 'item_id', 'item'],
  ['fee_action', 'fee_id', 'fee'],
  ['fee_action', 'patron_id', 'patron'],
  ['request', 'patron_id', 'patron'],
  ['request', 'item_id', 'item'],
  ['request', 'instance_id', 'instance'],
  ['request', 'pickup_service_point_id', 'service_point'],
  ['item', 'holding_id', 'holding'],
  ['item', 'instance_id', 'instance'],
  ['holding', 'instance_id', 'instance'],
  ['holding', 'location_id', 'location'],
  ['patron', 'patron_group_id', 'patron_group'],
  ['notice_delivery', 'patron_id', 'patron'],
] as const satisfies ReadonlyArray<readonly [keyof Database, string, keyof Database]>;

export async function rowsPointingAcrossInstitutions(db: Kysely<Database>, reference: (typeof institutionReferences)[number], limit: number): Promise<Row[]> {
  const [table, column, target] = reference;
  return (db as Kysely<any>)
    .selectFrom(`${table} as child`)
    .innerJoin(`${target} as parent`, 'parent.id', `child.${column}`)
    .select(['child.id as id', `child.${column} as ${column}`, 'child.institution_id as institution_id', 'parent.institution_id as referenced_institution_id'])
    .whereRef('child.institution_id', '<>', 'parent.institution_id')
    .orderBy('child.id')
    .limit(limit)
    .execute();
}

import { sql, type Kysely } from 'kysely';
import type { Database, ItemStatus, LoanState } from '../../db/schema.ts';
import { displayNameOf } from '../patrons/index.ts';

/**
 * Loans as staff see them: current loans and loan history, per patron or per item. Privacy is in
 * the data: a closed loan keeps its patron only when the patron opted in to keep their history,
 * so a patron's history lists only what they chose to keep, and an item's history shows
 * anonymous loans without a patron.
 */
export interface LoanFilter {
  institutionId: string;
  loanId?: string | undefined;
  patronId?: string | undefined;
  itemId?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  overdue?: boolean | undefined;
  now: Date;
  limit: number;
  offset: number;
}

export interface LoanView {
  id: string;
  status: 'open' | 'closed';
  state: LoanState;
  loanedAt: string;
  dueAt: string;
  originalDueAt: string;
  returnedAt: string | null;
  overdue: boolean;
  renewalCount: number;
  recalledAt: string | null;
  item: { id: string; barcode: string; title: string; callNumber: string | null; status: ItemStatus };
  patron: { id: string; barcode: string; displayName: string } | null;
  loanPolicy: { id: string; code: string; name: string };
}

/** Loans with what staff see of them: item, title, call number, loan policy and borrower, within one institution. */
export function loanViewQuery(db: Kysely<Database>, institutionId: string) {
  return db
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('loan_policy', 'loan_policy.id', 'loan.loan_policy_id')
    .leftJoin('patron', 'patron.id', 'loan.patron_id')
    .where('loan.institution_id', '=', institutionId);
}

/** The columns of a LoanView (read back with loanViewOf). */
export function selectLoanView(query: ReturnType<typeof loanViewQuery>) {
  return query.select([
    'loan.id', 'loan.status', 'loan.state', 'loan.loaned_at', 'loan.due_at', 'loan.original_due_at', 'loan.returned_at', 'loan.renewal_count', 'loan.recalled_at',
    'item.id as item_id', 'item.barcode as item_barcode', 'item.status as item_status', 'instance.title', 'holding.call_number',
    'loan_policy.id as loan_policy_id', 'loan_policy.code as loan_policy_code', 'loan_policy.name as loan_policy_name',
    'patron.id as patron_id', 'patron.barcode as patron_barcode', 'patron.first_name', 'patron.last_name', 'patron.preferred_first_name',
  ]);
}

export type LoanViewRow = Awaited<ReturnType<ReturnType<typeof selectLoanView>['executeTakeFirstOrThrow']>>;

export function loanViewOf(row: LoanViewRow, now: Date): LoanView {
  return {
    id: row.id,
    status: row.status,
    state: row.state,
    loanedAt: row.loaned_at,
    dueAt: row.due_at,
    originalDueAt: row.original_due_at,
    returnedAt: row.returned_at,
    overdue: row.status === 'open' ? row.state === 'checked-out' && new Date(row.due_at).getTime() < now.getTime() : row.returned_at !== null && row.returned_at > row.due_at,
    renewalCount: Number(row.renewal_count),
    recalledAt: row.recalled_at,
    item: { id: row.item_id, barcode: row.item_barcode, title: row.title, callNumber: row.call_number, status: row.item_status },
    patron:
      row.patron_id && row.patron_barcode && row.first_name !== null && row.last_name !== null
        ? { id: row.patron_id, barcode: row.patron_barcode, displayName: displayNameOf({ firstName: row.first_name, lastName: row.last_name, preferredFirstName: row.preferred_first_name }) }
        : null,
    loanPolicy: { id: row.loan_policy_id, code: row.loan_policy_code, name: row.loan_policy_name },
  };
}

function filtered(db: Kysely<Database>, filter: LoanFilter) {
  let query = loanViewQuery(db, filter.institutionId);
  if (filter.loanId) query = query.where('loan.id', '=', filter.loanId);
  if (filter.patronId) query = query.where('loan.patron_id', '=', filter.patronId);
  if (filter.itemId) query = query.where('loan.item_id', '=', filter.itemId);
  if (filter.status) query = query.where('loan.status', '=', filter.status);
  if (filter.overdue !== undefined) {
    const now = filter.now.toISOString();
    // overdue: still out (checked out, not lost or claimed) past its due date
    query = filter.overdue
      ? query.where('loan.status', '=', 'open').where('loan.state', '=', 'checked-out').where('loan.due_at', '<', now)
      : query.where((eb) => eb.or([eb('loan.status', '=', 'closed'), eb('loan.state', '!=', 'checked-out'), eb('loan.due_at', '>=', now)]));
  }
  return query;
}

export async function listLoans(db: Kysely<Database>, filter: LoanFilter): Promise<{ items: LoanView[]; total: number }> {
  const query = filtered(db, filter);
  const [rows, count] = await Promise.all([
    selectLoanView(query)
      .orderBy(sql`case when loan.status = 'open' then 0 else 1 end`)
      .orderBy('loan.due_at')
      .orderBy('loan.loaned_at', 'desc')
      .orderBy('loan.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.total), items: rows.map((row) => loanViewOf(row, filter.now)) };
}

/** One loan as staff see it (one query: no count). */
export async function findLoanView(db: Kysely<Database>, institutionId: string, loanId: string, now: Date): Promise<LoanView | undefined> {
  const row = await selectLoanView(loanViewQuery(db, institutionId)).where('loan.id', '=', loanId).executeTakeFirst();
  return row ? loanViewOf(row, now) : undefined;
}

import type { Kysely } from 'kysely';
import type { Database, LoanState } from '../../db/schema.ts';
import { circulationItemOf, circulationItemQuery, deskOf, findDesk, withDesk, type CirculationItem, type Desk } from './loan.queries.ts';

/** The open loan as check-in closes it: the policies its fees follow and its borrower (null fields when it has none). */
export interface LoanToClose {
  id: string;
  state: LoanState;
  loaned_at: string;
  due_at: string;
  patron_id: string | null;
  patron_group_id: string;
  overdue_fine_policy_id: string | null;
  lost_item_policy_id: string | null;
  barcode: string | null;
  first_name: string | null;
  last_name: string | null;
  preferred_first_name: string | null;
  keep_loan_history: unknown;
}

export interface ItemAtCheckIn {
  desk: Desk | null;
  item: CirculationItem | null;
  loanToClose: LoanToClose | null;
  /** whether the desk shelves the item's location itself */
  deskServesLocation: boolean;
}

/**
 * Everything check-in reads about the item scanned, in one query: the item and its open loan with
 * the borrower, the desk scanning it, and whether that desk serves the item's location. When no
 * item has the barcode the desk is looked up on its own.
 */
export async function findItemAtCheckIn(db: Kysely<Database>, institutionId: string, servicePointId: string, itemBarcode: string): Promise<ItemAtCheckIn> {
  const row = await withDesk(circulationItemQuery(db, institutionId), servicePointId)
    .leftJoin('patron as borrower', 'borrower.id', 'loan.patron_id')
    .select([
      'loan.patron_group_id as loan_patron_group_id', 'loan.overdue_fine_policy_id as loan_overdue_fine_policy_id',
      'borrower.barcode as borrower_barcode', 'borrower.first_name as borrower_first_name', 'borrower.last_name as borrower_last_name',
      'borrower.preferred_first_name as borrower_preferred_first_name', 'borrower.keep_loan_history as borrower_keep_loan_history',
    ])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('service_point_location').select('service_point_location.location_id').where('service_point_location.service_point_id', '=', servicePointId).whereRef('service_point_location.location_id', '=', 'location.id'))
        .as('desk_serves_location'),
    )
    .where('item.barcode', '=', itemBarcode)
    .executeTakeFirst();
  if (!row) return { desk: await findDesk(db, institutionId, servicePointId), item: null, loanToClose: null, deskServesLocation: false };
  const item = circulationItemOf(row);
  const open = item.openLoan;
  return {
    desk: deskOf(row),
    item,
    loanToClose: open
      ? {
          id: open.id,
          state: open.state,
          loaned_at: open.loanedAt,
          due_at: open.dueAt,
          patron_id: open.patronId,
          patron_group_id: row.loan_patron_group_id as string,
          overdue_fine_policy_id: row.loan_overdue_fine_policy_id,
          lost_item_policy_id: open.lostItemPolicyId,
          barcode: row.borrower_barcode,
          first_name: row.borrower_first_name,
          last_name: row.borrower_last_name,
          preferred_first_name: row.borrower_preferred_first_name,
          keep_loan_history: row.borrower_keep_loan_history,
        }
      : null,
    deskServesLocation: Boolean(row.desk_serves_location),
  };
}

/** Close an open loan at check-in; false when another desk closed it first. */
export async function closeLoanAtCheckIn(
  trx: Kysely<Database>,
  loanId: string,
  closing: { state: LoanState; returnedAt: Date; servicePointId: string; patronId: string | null; now: Date },
): Promise<boolean> {
  const closed = await trx
    .updateTable('loan')
    .set({
      status: 'closed',
      state: closing.state,
      returned_at: closing.returnedAt.toISOString(),
      checked_in_at: closing.now.toISOString(),
      checkin_service_point_id: closing.servicePointId,
      patron_id: closing.patronId,
      updated_at: closing.now.toISOString(),
    })
    .where('id', '=', loanId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(closed.numUpdatedRows) === 1;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findAuditEventOf } from '../audit/index.ts';
import { feesOfLoanCount } from '../fees/index.ts';
import type { LoanNotices } from './request-queue.port.ts';

/** The loan a desk wants to take back, with its item and what has happened to it since. */
export async function findLoanToUndo(trx: Kysely<Database>, loanNotices: LoanNotices, institutionId: string, loanId: string) {
  const loan = await trx
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .select([
      'loan.id', 'loan.status', 'loan.state', 'loan.loaned_at', 'loan.due_at', 'loan.original_due_at', 'loan.renewal_count', 'loan.recalled_at',
      'loan.patron_id', 'loan.item_id', 'loan.checkout_service_point_id', 'item.barcode as item_barcode', 'item.status as item_status',
    ])
    .where('loan.institution_id', '=', institutionId)
    .where('loan.id', '=', loanId)
    .executeTakeFirst();
  if (!loan) return null;
  // Who lent it and what fees or notices followed come from audit's, fees' and notices' faces.
  const [checkOut, feeCount, noticeCount] = await Promise.all([
    findAuditEventOf(trx, institutionId, 'loan', loanId, 'loan.check-out'),
    feesOfLoanCount(trx, institutionId, loanId),
    loanNotices.noticesOfLoan(trx, institutionId, loanId),
  ]);
  const after = checkOut?.after ? (JSON.parse(checkOut.after) as { overridden?: unknown }) : {};
  return {
    ...loan,
    checkedOutBy: checkOut?.actor_kind === 'staff' ? checkOut.actor_id : null,
    overridden: Array.isArray(after.overridden) ? after.overridden.map(String) : [],
    feeCount,
    noticeCount,
  };
}

/**
 * Remove the loan and its 'loan-created' event. Only an untouched loan gets here, so that is the
 * only event it has; the guard on state and renewals makes a loan changed meanwhile stay.
 */
export async function removeUntouchedLoan(trx: Kysely<Database>, institutionId: string, loanId: string): Promise<boolean> {
  await trx.deleteFrom('circulation_event').where('institution_id', '=', institutionId).where('loan_id', '=', loanId).where('kind', '=', 'loan-created').execute();
  const removed = await trx
    .deleteFrom('loan')
    .where('institution_id', '=', institutionId)
    .where('id', '=', loanId)
    .where('status', '=', 'open')
    .where('state', '=', 'checked-out')
    .where('renewal_count', '=', 0)
    .executeTakeFirst();
  return Number(removed.numDeletedRows) === 1;
}

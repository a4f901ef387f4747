import type { ItemStatus, RequestStatus } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/service-context.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';
import { overridePermission, type CirculationActor } from './refusal.policy.ts';
import type { CirculationContext } from './request-queue.port.ts';
import { undoCheckOutRefusal } from './undo-check-out.policy.ts';
import { findLoanToUndo, removeUntouchedLoan } from './undo-check-out.queries.ts';
import { changeItemStatus } from '../catalog/index.ts';

export interface UndoneCheckOut {
  loanId: string;
  item: { id: string; barcode: string; status: ItemStatus };
  /** The request the check-out had filled, open again; null when it filled none. */
  request: { id: string; status: RequestStatus } | null;
}

/**
 * Take back a check-out the desk has just made (a wrong patron, a wrong copy), as if it had not
 * happened. The loan row is deleted, not closed: a closed loan would show in the patron's loan
 * history (loan-history.queries.ts) and the item's, count in statistics, and could be put on a
 * receipt. Its 'loan-created' event goes with it, so no consumer of the outbox sees a loan that never
 * was; no notice is written from an untouched loan (none exists for check-outs, and the policy
 * refuses once any notice names the loan), and a receipt asked for it afterwards finds no loan.
 * The audit keeps both the check-out and its undoing: it is the staff trail, not the patron's.
 * Announces 'loan.check-out-undone' once committed.
 */
export async function undoCheckOut(ctx: CirculationContext, who: CirculationActor, loanId: string): Promise<UndoneCheckOut> {
  const institutionId = who.actor.institutionId;
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx, raise): Promise<UndoneCheckOut> => {
      const now = ctx.clock.now();
      const loan = await findLoanToUndo(trx, ctx.loanNotices, institutionId, loanId);
      if (!loan) throw new DomainError('LOAN_NOT_FOUND', 'There is no such loan.', { loanId });
      const refused = undoCheckOutRefusal({
        now,
        loan: {
          status: loan.status,
          state: loan.state,
          loanedAt: loan.loaned_at,
          dueAt: loan.due_at,
          originalDueAt: loan.original_due_at,
          renewalCount: Number(loan.renewal_count),
          recalledAt: loan.recalled_at,
        },
        checkedOutBy: loan.checkedOutBy,
        overridden: loan.overridden,
        feeCount: loan.feeCount,
        noticeCount: loan.noticeCount,
        staffId: who.actor.kind === 'staff' ? who.actor.id : null,
        mayOverride: who.permissions.has(overridePermission),
      });
      if (refused) throw new DomainError('UNDO_NOT_ALLOWED', refused.message, { loanId, reason: refused.reason });

      // The request first: the loan cannot go while the request names it as filled.
      const request = await ctx.requestQueue.reopenRequestFilledByLoan(trx, institutionId, loan.id, now);
      const itemStatus = request?.itemStatus ?? 'available';
      if (!(await changeItemStatus(trx, loan.item_id, 'checked-out', itemStatus, now)) || !(await removeUntouchedLoan(trx, institutionId, loan.id))) {
        throw new DomainError('CONFLICT', 'This loan changed at another desk meanwhile; look at it again.', { loanId });
      }
      await recordAuditEvent(trx, who.actor, now, {
        action: 'loan.undo-check-out',
        entityType: 'loan',
        entityId: loan.id,
        before: { itemId: loan.item_id, itemBarcode: loan.item_barcode, patronId: loan.patron_id, loanedAt: loan.loaned_at, dueAt: loan.due_at, itemStatus: loan.item_status, requestStatus: request ? 'closed-filled' : null },
        after: { loan: null, itemStatus, requestId: request?.requestId ?? null, requestStatus: request?.status ?? null },
      });
      raise({ type: 'loan.check-out-undone', institutionId, loanId: loan.id, itemId: loan.item_id });
      return {
        loanId: loan.id,
        item: { id: loan.item_id, barcode: loan.item_barcode, status: itemStatus },
        request: request ? { id: request.requestId, status: request.status } : null,
      };
    }),
  );
}

import type { Kysely } from 'kysely';
import type { Database, LoanState } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/audit.queries.ts';
import { chargeFinesAtCheckIn, type CheckInFine } from '../fees/fines-from-circulation.service.ts';
import { displayNameOf } from '../patrons/patron.policy.ts';
import { routeCheckedInItem, type CheckInAction, type RoutingSlip } from './check-in-routing.policy.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { findItemAtCheckIn } from './check-in.queries.ts';
import { forgetPatronOfEndedLoan } from './loan-privacy.queries.ts';
import { changeItemStatus, findDesk } from './loan.queries.ts';
import { firstWaitingRequestForItem, holdForWaitingRequest, type HoldSlip } from './request-queue.port.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

export interface CheckInRequest {
  itemBarcode: string;
  servicePointId: string;
  /** The effective return time, for a book drop emptied after a closure; not in the future, not before the loan began. */
  returnedAt?: Date | undefined;
  /** Who brought back a lost or claimed-returned item, when the desk knows; otherwise the usual case is assumed. */
  foundBy?: 'library' | 'patron' | undefined;
}

export type Resolution = 'found-by-library' | 'returned-by-patron';

export interface CheckInResult {
  action: CheckInAction;
  instruction: string;
  routingSlip: RoutingSlip | null;
  /** requests (issue 5): the slip for an item put on the hold shelf here; null otherwise */
  holdSlip: HoldSlip | null;
  loan: {
    id: string;
    loanedAt: string;
    dueAt: string;
    returnedAt: string;
    state: LoanState;
    overdue: boolean;
    patron: { id: string; barcode: string; displayName: string } | null;
    patronHistoryKept: boolean;
  } | null;
  resolution?: Resolution;
  /** The loan's overdue fine (or, for a lost item, the fine reinstated) and how it was worked out; null when no loan closed. */
  fine: CheckInFine | null;
  item: { id: string; barcode: string; title: string; callNumber: string | null; status: string };
}

const unresolvedLoanStates: ReadonlySet<LoanState> = new Set(['claimed-returned', 'declared-lost', 'aged-to-lost']);
const unresolvedItemStatuses: ReadonlySet<string> = new Set(['missing', 'claimed-returned', 'declared-lost', 'aged-to-lost', 'lost-and-paid']);

/**
 * A claimed-returned item that turns up was usually found on the shelf; a lost item that comes
 * back was usually brought by the patron. The desk may say otherwise.
 */
function resolutionOf(previous: string, foundBy: CheckInRequest['foundBy'], onLoan: boolean): Resolution {
  if (foundBy) return foundBy === 'library' ? 'found-by-library' : 'returned-by-patron';
  if (!onLoan) return 'found-by-library';
  return previous === 'claimed-returned' ? 'found-by-library' : 'returned-by-patron';
}

/**
 * Check an item in at a desk: close its loan (and forget the patron unless they keep their
 * history), resolve a lost, claimed-returned or missing state, and say where the item goes next.
 * An item that is not on loan is fine: its status is brought up to date and it may be routed.
 */
export async function checkIn(db: Kysely<Database>, clock: Clock, actor: Actor, request: CheckInRequest): Promise<CheckInResult> {
  const institutionId = actor.institutionId;
  return retryWhenBusy(() =>
    db.transaction().execute(async (trx): Promise<CheckInResult> => {
      const now = clock.now();
      const { desk, item, loanToClose, deskServesLocation } = await findItemAtCheckIn(trx, institutionId, request.servicePointId, request.itemBarcode);
      if (!desk) throw new DomainError('SERVICE_POINT_NOT_FOUND', 'There is no such service point.', { servicePointId: request.servicePointId });
      if (!item) throw new DomainError('ITEM_NOT_FOUND', 'No item has this barcode.', { itemBarcode: request.itemBarcode });
      const returnedAt = request.returnedAt ?? now;
      if (returnedAt.getTime() > now.getTime()) throw new DomainError('VALIDATION_FAILED', 'The return time cannot be in the future.', { field: 'returnedAt' });
      if (item.openLoan && returnedAt.getTime() < new Date(item.openLoan.loanedAt).getTime()) {
        throw new DomainError('VALIDATION_FAILED', `The return time cannot be before the loan began (${item.openLoan.loanedAt}).`, { field: 'returnedAt', loanedAt: item.openLoan.loanedAt });
      }

      let loan: CheckInResult['loan'] = null;
      let resolution: Resolution | undefined;
      let fine: CheckInFine | null = null;
      if (loanToClose) {
        const open = loanToClose;
        const unresolved = unresolvedLoanStates.has(open.state);
        if (unresolved) resolution = resolutionOf(open.state, request.foundBy, true);
        const state: LoanState = resolution === 'found-by-library' ? 'found-by-library' : 'returned';
        const keepHistory = Boolean(open.keep_loan_history);
        const overdue = returnedAt.getTime() > new Date(open.due_at).getTime();
        const closed = await trx
          .updateTable('loan')
          .set({
            status: 'closed',
            state,
            returned_at: returnedAt.toISOString(),
            checked_in_at: now.toISOString(),
            checkin_service_point_id: desk.id,
            // Privacy: the link between patron and item ends with the loan unless the patron opted in.
            patron_id: keepHistory ? open.patron_id : null,
            updated_at: now.toISOString(),
          })
          .where('id', '=', open.id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(closed.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', 'This item was just checked in at another desk.', { loanId: open.id });
        fine = await chargeFinesAtCheckIn(trx, now, actor, { loanId: open.id, patronId: open.patron_id, previousState: open.state, returnedAt, servicePointId: desk.id });
        await recordCirculationEvent(trx, {
          institutionId,
          kind: 'loan-closed',
          loanId: open.id,
          itemId: item.id,
          // only what a fine or a refund needs; an on-time return keeps no link to the patron
          patronId: overdue || unresolved ? open.patron_id : null,
          occurredAt: now,
          payload: {
            state,
            previousState: open.state,
            dueAt: open.due_at,
            returnedAt: returnedAt.toISOString(),
            overdue,
            overdueFinePolicyId: open.overdue_fine_policy_id,
            lostItemPolicyId: open.lost_item_policy_id,
            patronGroupId: open.patron_group_id,
          },
        });
        if (resolution) {
          await recordCirculationEvent(trx, {
            institutionId,
            kind: 'lost-item-returned',
            loanId: open.id,
            itemId: item.id,
            patronId: open.patron_id,
            occurredAt: now,
            payload: { previousState: open.state, resolution, lostItemPolicyId: open.lost_item_policy_id },
          });
        }
        if (!keepHistory && open.patron_id) await forgetPatronOfEndedLoan(trx, institutionId, open.id, open.patron_id);
        loan = {
          id: open.id,
          loanedAt: open.loaned_at,
          dueAt: open.due_at,
          returnedAt: returnedAt.toISOString(),
          state,
          overdue,
          patron:
            open.patron_id && open.barcode && open.first_name !== null && open.last_name !== null
              ? { id: open.patron_id, barcode: open.barcode, displayName: displayNameOf({ firstName: open.first_name, lastName: open.last_name, preferredFirstName: open.preferred_first_name }) }
              : null,
          patronHistoryKept: keepHistory,
        };
      } else if (unresolvedItemStatuses.has(item.status)) {
        resolution = resolutionOf(item.status, request.foundBy, false);
        await recordCirculationEvent(trx, {
          institutionId,
          kind: 'lost-item-returned',
          itemId: item.id,
          occurredAt: now,
          payload: { previousStatus: item.status, resolution, lostItemPolicyId: null },
        });
      }

      const waitingRequest = await firstWaitingRequestForItem(trx, institutionId, item.id);
      const primary = !deskServesLocation && !waitingRequest && item.location.primaryServicePointId ? await findDesk(trx, institutionId, item.location.primaryServicePointId) : null;
      const decision = routeCheckedInItem({
        desk,
        item,
        location: { name: item.location.name, libraryName: item.location.libraryName, primaryServicePoint: primary },
        deskServesLocation,
        waitingRequest,
        now,
      });
      if (decision.itemStatus !== item.status && !(await changeItemStatus(trx, item.id, item.status, decision.itemStatus, now))) {
        throw new DomainError('CONFLICT', 'This item changed at another desk while it was being checked in; scan it again.', { itemId: item.id });
      }
      // requests (issue 5): the waiting request follows the item to the hold shelf or into transit
      const holdSlip = waitingRequest ? await holdForWaitingRequest(trx, institutionId, waitingRequest, item.id, decision.action === 'hold-shelf', now) : null;
      await recordAuditEvent(trx, actor, now, {
        action: 'item.check-in',
        entityType: 'item',
        entityId: item.id,
        before: { status: item.status },
        after: {
          status: decision.itemStatus,
          servicePointId: desk.id,
          loanId: loan?.id ?? null,
          returnedAt: loan?.returnedAt ?? null,
          backdated: request.returnedAt !== undefined,
          action: decision.action,
          resolution: resolution ?? null,
        },
      });
      return {
        action: decision.action,
        instruction: decision.instruction,
        routingSlip: decision.routingSlip,
        holdSlip,
        loan,
        ...(resolution ? { resolution } : {}),
        fine,
        item: { id: item.id, barcode: item.barcode, title: item.title, callNumber: item.callNumber, status: decision.itemStatus },
      };
    }),
  );
}

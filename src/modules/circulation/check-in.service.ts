import type { Kysely } from 'kysely';
import type { Database, ItemStatus, LoanState } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { chargeFinesAtCheckIn, fineForgivenByBackdating, waiveAuthorityOfStaff, type CheckInFine } from '../fees/index.ts';
import { displayNameOf } from '../patrons/index.ts';
import { backdatedBeforeToday, checkBackdating } from './backdated-check-in.policy.ts';
import { holdHasExpired, isSetAside, routeCheckedInItem, type CheckInAction, type RoutingSlip } from './check-in-routing.policy.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { findItemAtCheckIn, type LoanToClose } from './check-in.queries.ts';
import { forgetPatronOfEndedLoan } from './loan-privacy.queries.ts';
import { changeItemStatus, findDesk, type Desk } from './loan.queries.ts';
import { closeExpiredHoldAtCheckIn, firstWaitingRequestForItem, holdForWaitingRequest, reprintHoldSlip, type HoldSlip } from './request-queue.port.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

export interface CheckInRequest {
  itemBarcode: string;
  servicePointId: string;
  /** The effective return time, for a book drop emptied after a closure; not in the future, not before the loan began. */
  returnedAt?: Date | undefined;
  /** Who brought back a lost or claimed-returned item, when the desk knows; otherwise the usual case is assumed. */
  foundBy?: 'library' | 'patron' | undefined;
  /** Staff release a withdrawn, damaged, in-repair, on-order, in-process or unavailable item to circulate again (catalog.edit). */
  makeAvailable?: boolean | undefined;
  /** The desk worker's permissions and role (backdating, making available, their waive limit); a kiosk has none of these. */
  staff?: { permissions: ReadonlySet<string>; roleCode: string | null } | undefined;
}

/** Making a set-aside item available edits its status, as the item editor does. */
export const makeAvailablePermission = 'catalog.edit';

export type Resolution = 'found-by-library' | 'returned-by-patron';

export interface CheckInResult {
  action: CheckInAction;
  instruction: string;
  routingSlip: RoutingSlip | null;
  /** requests (issue 5): the slip for an item put (or kept) on the hold shelf here; null otherwise */
  holdSlip: HoldSlip | null;
  /** The item was on a hold shelf for a hold that expired: it comes off, and goes where this check-in says. */
  clearedFromHoldShelf: boolean;
  /** The item's status when scanned (what it was: withdrawn, damaged, awaiting pickup, ...). */
  previousStatus: ItemStatus;
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
  item: { id: string; barcode: string; title: string; callNumber: string | null; status: ItemStatus };
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
      const staff = request.staff ?? { permissions: new Set<string>(), roleCode: null };
      if (request.makeAvailable && !staff.permissions.has(makeAvailablePermission)) {
        throw new DomainError('FORBIDDEN', `Making a ${item.status} item available needs the ${makeAvailablePermission} permission.`, { permission: makeAvailablePermission, status: item.status });
      }
      if (loanToClose && request.returnedAt) await refuseBackdatingBeyondAuthority(trx, now, institutionId, desk, loanToClose, request.returnedAt, staff);

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

      const makeAvailable = Boolean(request.makeAvailable);
      const setAside = isSetAside(item.status) && !makeAvailable;
      let waitingRequest = setAside ? null : await firstWaitingRequestForItem(trx, institutionId, item.id);
      const heldOnShelf = waitingRequest?.status === 'open-awaiting-pickup';
      // A hold past its deadline (the morning job has not run yet) comes off the shelf now, as the job would close it.
      const expiredRequestId = waitingRequest && holdHasExpired(waitingRequest, now) ? waitingRequest.requestId : null;
      if (waitingRequest && expiredRequestId) {
        await closeExpiredHoldAtCheckIn(trx, institutionId, waitingRequest, now);
        waitingRequest = await firstWaitingRequestForItem(trx, institutionId, item.id);
      }
      const clearedFromHoldShelf = item.status === 'awaiting-pickup' && !setAside && (!heldOnShelf || expiredRequestId !== null);
      const primary = !setAside && !deskServesLocation && !waitingRequest && item.location.primaryServicePointId ? await findDesk(trx, institutionId, item.location.primaryServicePointId) : null;
      const decision = routeCheckedInItem({
        desk,
        item,
        location: { name: item.location.name, libraryName: item.location.libraryName, primaryServicePoint: primary },
        deskServesLocation,
        waitingRequest,
        makeAvailable,
        now,
      });
      if (decision.itemStatus !== item.status && !(await changeItemStatus(trx, item.id, item.status, decision.itemStatus, now))) {
        throw new DomainError('CONFLICT', 'This item changed at another desk while it was being checked in; scan it again.', { itemId: item.id });
      }
      // requests (issue 5): the waiting request follows the item to the hold shelf or into transit; a hold already on the shelf keeps its slip
      const holdSlip =
        !waitingRequest || decision.requestStep === 'none' ? null
        : decision.requestStep === 'keep-on-hold-shelf' ? await reprintHoldSlip(trx, institutionId, waitingRequest.requestId)
        : await holdForWaitingRequest(trx, institutionId, waitingRequest, item.id, decision.requestStep === 'hold-shelf', now);
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
          makeAvailable,
          expiredRequestId,
          clearedFromHoldShelf,
        },
      });
      return {
        action: decision.action,
        instruction: decision.instruction,
        routingSlip: decision.routingSlip,
        holdSlip,
        clearedFromHoldShelf,
        previousStatus: item.status,
        loan,
        ...(resolution ? { resolution } : {}),
        fine,
        item: { id: item.id, barcode: item.barcode, title: item.title, callNumber: item.callNumber, status: decision.itemStatus },
      };
    }),
  );
}

/**
 * A return time before today is refused, before anything changes, when it is not this staff
 * member's to give: too far back, or lowering a fine without the permission or beyond their waive
 * limit (backdated-check-in.policy.ts). The fine is worked out only for such a return time.
 */
async function refuseBackdatingBeyondAuthority(
  trx: Kysely<Database>,
  now: Date,
  institutionId: string,
  desk: Desk,
  loan: LoanToClose,
  returnedAt: Date,
  staff: { permissions: ReadonlySet<string>; roleCode: string | null },
): Promise<void> {
  const facts = { now, returnedAt, timeZone: desk.timeZone, permissions: staff.permissions };
  if (!backdatedBeforeToday(facts)) return;
  const forgiven = loan.patron_id ? await fineForgivenByBackdating(trx, institutionId, { id: loan.id, state: loan.state }, returnedAt, now, desk.id) : { forgivenCents: 0, currency: 'USD' };
  const authority = forgiven.forgivenCents > 0 ? await waiveAuthorityOfStaff(trx, institutionId, staff) : ({ kind: 'none' } as const);
  checkBackdating(facts, forgiven.forgivenCents, authority, forgiven.currency);
}

import type { Kysely } from 'kysely';
import type { Database, ItemStatus, LoanState } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/service-context.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { chargeFinesAtCheckIn, fineForgivenByBackdating, waiveAuthorityOfStaff, type CheckInFine } from '../fees/index.ts';
import { displayNameOf } from '../patrons/index.ts';
import { backdatedBeforeToday, checkBackdating } from './backdated-check-in.policy.ts';
import { holdHasExpired, isSetAside, routeCheckedInItem, type CheckInAction, type RoutingSlip } from './check-in-routing.policy.ts';
import { closingOfLoan, resolutionOfItemNotOnLoan, routedToOf, type LoanClosing, type Resolution } from './check-in.policy.ts';
import { closeLoanAtCheckIn, findItemAtCheckIn, type LoanToClose } from './check-in.queries.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { forgetPatronOfEndedLoan } from './loan-privacy.queries.ts';
import { findDesk, type Desk } from './loan.queries.ts';
import type { CirculationContext, HoldSlip } from './request-queue.port.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';
import { changeItemStatus } from '../catalog/index.ts';

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

export type { Resolution } from './check-in.policy.ts';

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

/**
 * Check an item in at a desk: close its loan (and forget the patron unless they keep their
 * history), resolve a lost, claimed-returned or missing state, and say where the item goes next.
 * An item that is not on loan is fine: its status is brought up to date and it may be routed.
 * One transaction: read (the item, its loan, who waits for it), decide (check-in.policy.ts,
 * check-in-routing.policy.ts), write. Announces 'loan.closed', 'item.checked-in' and, when the item
 * goes on the hold shelf, 'hold.awaiting-pickup' once committed.
 */
export async function checkIn(ctx: CirculationContext, actor: Actor, request: CheckInRequest): Promise<CheckInResult> {
  const { clock, requestQueue } = ctx;
  const institutionId = actor.institutionId;
  return retryWhenBusy(() =>
    inTransaction(ctx, async (trx, raise): Promise<CheckInResult> => {
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

      // Who waits for the item. A hold past its deadline (the morning job has not run yet) comes off the shelf now, as the job would close it.
      const makeAvailable = Boolean(request.makeAvailable);
      const setAside = isSetAside(item.status) && !makeAvailable;
      let waitingRequest = setAside ? null : await requestQueue.firstWaitingRequestForItem(trx, institutionId, item.id);
      const heldOnShelf = waitingRequest?.status === 'open-awaiting-pickup';
      const expiredHold = waitingRequest && holdHasExpired(waitingRequest, now) ? waitingRequest : null;
      if (expiredHold) {
        await requestQueue.closeExpiredHoldAtCheckIn(trx, institutionId, expiredHold, now);
        raise({ type: 'request.closed', institutionId, requestId: expiredHold.requestId, patronId: expiredHold.patronId, status: 'closed-pickup-expired' });
        waitingRequest = await requestQueue.firstWaitingRequestForItem(trx, institutionId, item.id);
      }
      const primary = !setAside && !deskServesLocation && !waitingRequest && item.location.primaryServicePointId ? await findDesk(trx, institutionId, item.location.primaryServicePointId) : null;

      const closing = loanToClose ? closingOfLoan({ state: loanToClose.state, dueAt: loanToClose.due_at, keepsLoanHistory: Boolean(loanToClose.keep_loan_history) }, returnedAt, request.foundBy) : null;
      const resolution = closing ? closing.resolution : resolutionOfItemNotOnLoan(item.status, request.foundBy);
      const clearedFromHoldShelf = item.status === 'awaiting-pickup' && !setAside && (!heldOnShelf || expiredHold !== null);
      const decision = routeCheckedInItem({
        desk,
        item,
        location: { name: item.location.name, libraryName: item.location.libraryName, primaryServicePoint: primary },
        deskServesLocation,
        waitingRequest,
        makeAvailable,
        now,
      });

      const loan = loanToClose && closing ? await closeLoan(trx, actor, now, { desk, itemId: item.id, open: loanToClose, closing, returnedAt }) : null;
      if (loanToClose && closing) {
        raise({ type: 'loan.closed', institutionId, loanId: loanToClose.id, itemId: item.id, servicePointId: desk.id, state: closing.state, overdue: closing.overdue });
      } else if (resolution) {
        await recordCirculationEvent(trx, {
          institutionId,
          kind: 'lost-item-returned',
          itemId: item.id,
          occurredAt: now,
          payload: { previousStatus: item.status, resolution, lostItemPolicyId: null },
        });
      }
      if (decision.itemStatus !== item.status && !(await changeItemStatus(trx, item.id, item.status, decision.itemStatus, now))) {
        throw new DomainError('CONFLICT', 'This item changed at another desk while it was being checked in; scan it again.', { itemId: item.id });
      }
      // requests (issue 5): the waiting request follows the item to the hold shelf or into transit; a hold already on the shelf keeps its slip
      const holdSlip =
        !waitingRequest || decision.requestStep === 'none' ? null
        : decision.requestStep === 'keep-on-hold-shelf' ? await requestQueue.reprintHoldSlip(trx, institutionId, waitingRequest.requestId)
        : await requestQueue.holdForWaitingRequest(trx, institutionId, waitingRequest, item.id, decision.requestStep === 'hold-shelf', now);
      if (waitingRequest && decision.requestStep === 'hold-shelf') {
        raise({ type: 'hold.awaiting-pickup', institutionId, requestId: waitingRequest.requestId, itemId: item.id, patronId: waitingRequest.patronId, pickupServicePointId: waitingRequest.pickupServicePointId });
      }
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
          expiredRequestId: expiredHold?.requestId ?? null,
          clearedFromHoldShelf,
        },
      });
      raise({ type: 'item.checked-in', institutionId, itemId: item.id, loanId: loan?.id ?? null, servicePointId: desk.id, routedTo: routedToOf(decision.action) });
      return {
        action: decision.action,
        instruction: decision.instruction,
        routingSlip: decision.routingSlip,
        holdSlip,
        clearedFromHoldShelf,
        previousStatus: item.status,
        loan: loan && { id: loan.id, loanedAt: loan.loanedAt, dueAt: loan.dueAt, returnedAt: loan.returnedAt, state: loan.state, overdue: loan.overdue, patron: loan.patron, patronHistoryKept: loan.patronHistoryKept },
        ...(resolution ? { resolution } : {}),
        fine: loan?.fine ?? null,
        item: { id: item.id, barcode: item.barcode, title: item.title, callNumber: item.callNumber, status: decision.itemStatus },
      };
    }),
  );
}

/**
 * The loan's writes: closed (and the patron forgotten unless they keep their history), its fine
 * charged, and the outbox events a fine, a refund or a notice follow from.
 */
async function closeLoan(
  trx: Kysely<Database>,
  actor: Actor,
  now: Date,
  { desk, itemId, open, closing, returnedAt }: { desk: Desk; itemId: string; open: LoanToClose; closing: LoanClosing; returnedAt: Date },
): Promise<NonNullable<CheckInResult['loan']> & { fine: CheckInFine | null }> {
  const institutionId = actor.institutionId;
  const { state, resolution, overdue, keepHistory } = closing;
  // Privacy: the link between patron and item ends with the loan unless the patron opted in.
  const closed = await closeLoanAtCheckIn(trx, open.id, { state, returnedAt, servicePointId: desk.id, patronId: keepHistory ? open.patron_id : null, now });
  if (!closed) throw new DomainError('CONFLICT', 'This item was just checked in at another desk.', { loanId: open.id });
  const fine = await chargeFinesAtCheckIn(trx, now, actor, { loanId: open.id, patronId: open.patron_id, previousState: open.state, returnedAt, servicePointId: desk.id });
  await recordCirculationEvent(trx, {
    institutionId,
    kind: 'loan-closed',
    loanId: open.id,
    itemId,
    // only what a fine or a refund needs; an on-time return keeps no link to the patron
    patronId: closing.eventNamesPatron ? open.patron_id : null,
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
      itemId,
      patronId: open.patron_id,
      occurredAt: now,
      payload: { previousState: open.state, resolution, lostItemPolicyId: open.lost_item_policy_id },
    });
  }
  if (!keepHistory && open.patron_id) await forgetPatronOfEndedLoan(trx, institutionId, open.id, open.patron_id);
  return {
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
    fine,
  };
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

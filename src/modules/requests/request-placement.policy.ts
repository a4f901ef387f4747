import type { ItemStatus, RequestType } from '../../db/schema.ts';
import { refusal, type Refusal } from '../circulation/index.ts';
import type { RequestPolicySettings } from '../policies/index.ts';

/** Whether a request may be placed: every reason against it at once, each with a stable code. Pure. */
export interface PlacementFacts {
  type: RequestType;
  patron: { expired: boolean; inactive: boolean; blockReasons: string[]; openRequests: number } | null;
  /** null for a title-level request until a copy is chosen */
  itemStatus: ItemStatus | null;
  /** title-level: how many copies are out (hold/recall) or on the shelf (page), from copiesByStanding */
  instanceCopies: { out: number; onShelf: number } | null;
  requestPolicy: { name: string; settings: RequestPolicySettings } | null;
  pickup: { exists: boolean; isPickupPoint: boolean; code: string | null };
  duplicate: boolean;
}

/**
 * Where a copy stands for a request: on the shelf (a page fetches it), out (a hold or recall waits
 * for it: on loan, on the hold shelf, in transit, already paged), or neither (missing, lost,
 * withdrawn, on order: nothing to fetch and nothing coming back).
 */
export type CopyStanding = 'on-shelf' | 'out' | 'neither';

const outStatuses: ReadonlySet<ItemStatus> = new Set<ItemStatus>(['checked-out', 'awaiting-pickup', 'in-transit', 'paged']);

export function copyStanding(status: ItemStatus): CopyStanding {
  if (status === 'available') return 'on-shelf';
  return outStatuses.has(status) ? 'out' : 'neither';
}

/**
 * The one rule for what a patron's "get me this" becomes, at the desk's title search, the portal
 * and a kiosk (SIP2 15): a page when a copy is on the shelf and the request policy lets this
 * patron page there; otherwise a hold when a copy is out; otherwise nothing (null) can be placed.
 */
export function requestTypeFor(copyStatuses: readonly ItemStatus[], pagingAllowed: boolean): 'page' | 'hold' | null {
  const standings = copyStatuses.map(copyStanding);
  if (pagingAllowed && standings.includes('on-shelf')) return 'page';
  return standings.includes('out') ? 'hold' : null;
}

/** How many copies of a title are on the shelf and how many are out, by the same standing. */
export function copiesByStanding(copyStatuses: readonly ItemStatus[]): { onShelf: number; out: number } {
  const standings = copyStatuses.map(copyStanding);
  return { onShelf: standings.filter((standing) => standing === 'on-shelf').length, out: standings.filter((standing) => standing === 'out').length };
}

export function placementRefusals(facts: PlacementFacts): Refusal[] {
  const refusals: Refusal[] = [];
  const { patron, requestPolicy, type } = facts;
  if (!patron) refusals.push(refusal('PATRON_NOT_FOUND', 'No patron has this barcode.', false));
  else {
    if (patron.expired) refusals.push(refusal('PATRON_EXPIRED', "The patron's card has expired.", false));
    if (patron.inactive) refusals.push(refusal('PATRON_INACTIVE', 'The patron record is inactive.', false));
    if (patron.blockReasons.length > 0) refusals.push(refusal('PATRON_BLOCKED_FOR_REQUESTS', `The patron may not place requests: ${patron.blockReasons.join('; ')}.`, false));
    const max = requestPolicy?.settings.maxOpenRequests ?? null;
    if (max !== null && patron.openRequests >= max) {
      refusals.push(refusal('PATRON_MAX_OPEN_REQUESTS', `The patron has ${patron.openRequests} open requests; the limit is ${max}.`, false, { current: patron.openRequests, limit: max }));
    }
  }
  if (requestPolicy && !requestPolicy.settings.allowedTypes.includes(type)) {
    refusals.push(refusal('REQUEST_TYPE_NOT_ALLOWED', `A ${type} is not allowed for this patron and item (request policy: ${requestPolicy.name}).`, false, { type }));
  }
  if (!facts.pickup.exists) refusals.push(refusal('PICKUP_SERVICE_POINT_NOT_FOUND', 'There is no such service point.', false));
  else {
    const codes = requestPolicy?.settings.pickupServicePointCodes ?? null;
    const allowed = facts.pickup.isPickupPoint && (codes === null || (facts.pickup.code !== null && codes.includes(facts.pickup.code)));
    if (!allowed) refusals.push(refusal('PICKUP_SERVICE_POINT_NOT_ALLOWED', 'Items cannot be picked up at this service point.', false));
  }
  if (facts.itemStatus !== null) {
    if (type === 'page' && copyStanding(facts.itemStatus) !== 'on-shelf') {
      refusals.push(refusal('ITEM_NOT_ON_SHELF', `Only an item on the shelf can be paged (status: ${facts.itemStatus}).`, false, { status: facts.itemStatus }));
    }
    if (type !== 'page' && copyStanding(facts.itemStatus) !== 'out') {
      refusals.push(refusal('ITEM_NOT_ON_LOAN', `A ${type} is for an item that is out; this one is ${facts.itemStatus}${facts.itemStatus === 'available' ? ': page it instead' : ''}.`, false, { status: facts.itemStatus }));
    }
  } else if (facts.instanceCopies) {
    if (type === 'page' && facts.instanceCopies.onShelf === 0) refusals.push(refusal('ITEM_NOT_ON_SHELF', 'No copy of this title is on the shelf to page.', false));
    if (type !== 'page' && facts.instanceCopies.out === 0) refusals.push(refusal('ITEM_NOT_ON_LOAN', `No copy of this title is out${facts.instanceCopies.onShelf > 0 ? ': page it instead' : ''}.`, false));
  }
  if (facts.duplicate) refusals.push(refusal('DUPLICATE_REQUEST', 'The patron already has an open request for this item or title.', false));
  return refusals;
}

/**
 * The type placed when the patron did not name one: by requestTypeFor. Whether this patron may page
 * is asked (pagingAllowed) only when a copy is on the shelf. When nothing fits, the type the copies
 * alone suggest is placed, so the refusal says why (type not allowed, or nothing out to wait for).
 */
export function typeToPlace(copyStatuses: readonly ItemStatus[], pagingAllowed: boolean): RequestType {
  const byCopies = requestTypeFor(copyStatuses, true);
  if (byCopies !== 'page') return byCopies ?? 'hold';
  return pagingAllowed ? 'page' : (requestTypeFor(copyStatuses, false) ?? 'page');
}

/** A copy of a title with the open loan on it, if any, in barcode order. */
export interface TitleCopy {
  id: string;
  status: ItemStatus;
  loan: { id: string; loanedAt: string; recalledAt: string | null } | null;
}

/**
 * The copy a title-level request is judged against (its request policy): the one it would go to now.
 * A page: the first copy on the shelf; a hold or recall: the first on loan, else the first out;
 * else the first copy; null for a title without copies.
 */
export function representativeCopy(type: RequestType, copies: readonly TitleCopy[]): TitleCopy | null {
  const copy = type === 'page' ? copies.find((entry) => copyStanding(entry.status) === 'on-shelf') : (copies.find((entry) => entry.loan) ?? copies.find((entry) => copyStanding(entry.status) === 'out'));
  return copy ?? copies[0] ?? null;
}

/** The loan a title-level recall shortens: the oldest not yet recalled (the first by barcode on a tie); null when none. */
export function loanToRecall(copies: readonly TitleCopy[]): string | null {
  const candidates = copies.flatMap((copy) => (copy.loan && !copy.loan.recalledAt ? [copy.loan] : []));
  return [...candidates].sort((a, b) => a.loanedAt.localeCompare(b.loanedAt))[0]?.id ?? null;
}

/** What placing a request writes once nothing refuses it. */
export interface PlacementPlan {
  level: 'item' | 'title';
  /** the copy the request waits for: the item named, or the copy a page fetches; null for a title-level hold or recall */
  assignedItemId: string | null;
  /** a page marks this copy 'paged' for the pick list */
  pagedCopyId: string | null;
  /** a recall shortens this loan */
  recallLoanId: string | null;
}

/**
 * A page goes to a copy on the shelf at once (the item named, or the title's representative copy);
 * a title-level hold or recall waits for whichever copy comes back first. A recall shortens the loan
 * on the item named, or the title's oldest loan not yet recalled.
 */
export function placementPlan(type: RequestType, named: { id: string; openLoanId: string | null } | null, representative: { id: string }, copies: readonly TitleCopy[]): PlacementPlan {
  const pagedCopyId = type === 'page' ? (named?.id ?? representative.id) : null;
  return {
    level: named ? 'item' : 'title',
    assignedItemId: named?.id ?? pagedCopyId,
    pagedCopyId,
    recallLoanId: type === 'recall' ? (named ? named.openLoanId : loanToRecall(copies)) : null,
  };
}

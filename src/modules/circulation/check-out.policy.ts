import { isBlockActive, isPatronExpired } from '../patrons/index.ts';
import type { ItemStatus, LoanState } from '../../db/schema.ts';
import type { LoanPolicySettings } from '../policies/index.ts';
import { refusal, type Refusal } from './refusal.policy.ts';

/**
 * Which check-out checks fail, given the facts the service loaded. Pure: every check runs and
 * every failure is reported, so the desk fixes all problems at once.
 *
 * Limits (patron group limits, the loan policy's item limit) count what the patron already has:
 * "max 10 loans" refuses the 11th; "max 2 overdue items" refuses a patron with 3 or more, so a
 * limit of 0 means "nothing overdue at all". Lost items are the open loans declared or aged lost.
 *
 * Non-circulating items: a loan type that must not leave the building maps (through the rules)
 * to a loan policy that is not loanable, which is ITEM_NOT_LOANABLE. ITEM_NON_CIRCULATING_LOCATION
 * is the item's effective shelving location taken out of service (location.active = false).
 */
export interface PatronFacts {
  id: string;
  status: 'active' | 'inactive';
  expiresOn: string | null;
  blocks: { reason: string; patronMessage: string | null; blocksBorrowing: boolean; blocksRenewals: boolean; expiresAt: string | null }[];
}

export interface OpenLoanFacts {
  id: string;
  itemId: string;
  materialTypeId: string;
  loanPolicyId: string;
  state: LoanState;
  dueAt: string;
  recalledAt: string | null;
}

export interface GroupLimits {
  maxLoans: number | null;
  maxLoansPerMaterialType: Record<string, number>;
  maxOverdueItems: number | null;
  maxOverdueRecalls: number | null;
  maxLostItems: number | null;
  maxFeeBalanceCents: number | null;
}

export interface ItemFacts {
  id: string;
  status: ItemStatus;
  materialTypeId: string;
  materialTypeName: string;
  locationActive: boolean;
  locationName: string;
}

export interface CheckOutFacts {
  now: Date;
  /** The institution's zone: a card is good through its expiry date there. */
  timeZone: string;
  patron: PatronFacts | null;
  patronOpenLoans: OpenLoanFacts[];
  limits: GroupLimits | null;
  feeBalanceCents: number;
  item: ItemFacts | null;
  /** The item's open loan, to anyone. */
  itemOpenLoan: { id: string; patronId: string | null; state: LoanState } | null;
  loanPolicy: { id: string; name: string; settings: LoanPolicySettings } | null;
  /** requests (issue 5): the patron the item waits for on the hold shelf or was paged for; absent or null when none */
  itemHeldForPatronId?: string | null;
}

const lostStates: ReadonlySet<LoanState> = new Set(['declared-lost', 'aged-to-lost']);

export function isOverdue(dueAt: string, now: Date): boolean {
  return new Date(dueAt).getTime() < now.getTime();
}

/** Blocks staff placed by hand that are in force and stop the given action. */
export function activeManualBlocks(patron: PatronFacts, now: Date, stops: 'borrowing' | 'renewals') {
  return patron.blocks.filter((block) => (stops === 'borrowing' ? block.blocksBorrowing : block.blocksRenewals) && isBlockActive(block, now));
}

/** Expired, inactive and manual blocks: shared by check-out and renewal. */
export function patronStandingRefusals(patron: PatronFacts, now: Date, timeZone: string, stops: 'borrowing' | 'renewals'): Refusal[] {
  const refusals: Refusal[] = [];
  if (isPatronExpired(patron.expiresOn, now, timeZone)) {
    refusals.push(refusal('PATRON_EXPIRED', `The patron's card expired on ${patron.expiresOn}.`, true, { expiresOn: patron.expiresOn }));
  }
  if (patron.status === 'inactive') refusals.push(refusal('PATRON_INACTIVE', 'The patron record is inactive.', true));
  const blocks = activeManualBlocks(patron, now, stops);
  if (blocks.length > 0) {
    refusals.push(
      refusal('PATRON_BLOCKED', `The patron is blocked: ${blocks.map((block) => block.reason).join('; ')}.`, true, {
        blocks: blocks.map((block) => ({ reason: block.reason, patronMessage: block.patronMessage, expiresAt: block.expiresAt })),
      }),
    );
  }
  return refusals;
}

function limitRefusals(facts: CheckOutFacts): Refusal[] {
  const { limits, patronOpenLoans: loans, now, item } = facts;
  if (!limits) return [];
  const refusals: Refusal[] = [];
  if (limits.maxLoans !== null && loans.length >= limits.maxLoans) {
    refusals.push(refusal('PATRON_MAX_LOANS', `The patron has ${loans.length} items out; the limit is ${limits.maxLoans}.`, true, { current: loans.length, limit: limits.maxLoans }));
  }
  const typeLimit = item ? limits.maxLoansPerMaterialType[item.materialTypeId] : undefined;
  if (item && typeLimit !== undefined) {
    const ofType = loans.filter((loan) => loan.materialTypeId === item.materialTypeId).length;
    if (ofType >= typeLimit) {
      refusals.push(
        refusal('PATRON_MAX_LOANS_FOR_MATERIAL_TYPE', `The patron has ${ofType} ${item.materialTypeName} items out; the limit is ${typeLimit}.`, true, {
          materialTypeId: item.materialTypeId,
          current: ofType,
          limit: typeLimit,
        }),
      );
    }
  }
  const overdue = loans.filter((loan) => loan.state === 'checked-out' && isOverdue(loan.dueAt, now));
  if (limits.maxOverdueItems !== null && overdue.length > limits.maxOverdueItems) {
    refusals.push(refusal('PATRON_MAX_OVERDUE_ITEMS', `The patron has ${overdue.length} overdue items; at most ${limits.maxOverdueItems} are allowed.`, true, { current: overdue.length, limit: limits.maxOverdueItems }));
  }
  const overdueRecalls = overdue.filter((loan) => loan.recalledAt !== null).length;
  if (limits.maxOverdueRecalls !== null && overdueRecalls > limits.maxOverdueRecalls) {
    refusals.push(refusal('PATRON_MAX_OVERDUE_RECALLS', `The patron has ${overdueRecalls} overdue recalled items; at most ${limits.maxOverdueRecalls} are allowed.`, true, { current: overdueRecalls, limit: limits.maxOverdueRecalls }));
  }
  const lost = loans.filter((loan) => lostStates.has(loan.state)).length;
  if (limits.maxLostItems !== null && lost > limits.maxLostItems) {
    refusals.push(refusal('PATRON_MAX_LOST_ITEMS', `The patron has ${lost} lost items; at most ${limits.maxLostItems} are allowed.`, true, { current: lost, limit: limits.maxLostItems }));
  }
  if (limits.maxFeeBalanceCents !== null && facts.feeBalanceCents > limits.maxFeeBalanceCents) {
    refusals.push(
      refusal('PATRON_MAX_FEE_BALANCE', `The patron owes ${formatCents(facts.feeBalanceCents)}; the limit is ${formatCents(limits.maxFeeBalanceCents)}.`, true, {
        balanceCents: facts.feeBalanceCents,
        limitCents: limits.maxFeeBalanceCents,
      }),
    );
  }
  return refusals;
}

function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

function itemRefusals(facts: CheckOutFacts): Refusal[] {
  const { item, itemOpenLoan, patron } = facts;
  if (!item) return [refusal('ITEM_NOT_FOUND', 'No item has this barcode.', false)];
  const refusals: Refusal[] = [];
  const status = item.status;
  if (itemOpenLoan && (itemOpenLoan.state === 'claimed-returned' || status === 'claimed-returned')) {
    refusals.push(refusal('ITEM_CLAIMED_RETURNED', 'A patron claims to have returned this item: check it in first to resolve the claim.', false));
  } else if (itemOpenLoan && lostStates.has(itemOpenLoan.state)) {
    refusals.push(refusal('ITEM_LOST', 'This item is on a loan declared lost: check it in first to resolve it.', false));
  } else if (itemOpenLoan && patron && itemOpenLoan.patronId === patron.id) {
    refusals.push(refusal('ITEM_ALREADY_ON_LOAN_TO_PATRON', 'The patron already has this item: renew the loan instead.', false, { loanId: itemOpenLoan.id, suggestion: 'renew' }));
  } else if (itemOpenLoan) {
    refusals.push(refusal('ITEM_ON_LOAN', 'This item is on loan to another patron: check it in first.', false, { loanId: itemOpenLoan.id }));
  } else if (status === 'in-transit') {
    refusals.push(refusal('ITEM_IN_TRANSIT', 'This item is in transit to another service point.', true));
  } else if (status === 'awaiting-pickup' || status === 'paged') {
    // requests (issue 5): the patron it is held for takes it; anyone else needs an override
    const heldForThisPatron = Boolean(patron && facts.itemHeldForPatronId && facts.itemHeldForPatronId === patron.id);
    if (!heldForThisPatron) refusals.push(refusal('ITEM_AWAITING_PICKUP_FOR_OTHER', 'This item is being held for another patron.', true));
  } else if (status === 'missing') {
    refusals.push(refusal('ITEM_MISSING', 'This item is marked missing.', true));
  } else if (status === 'withdrawn') {
    refusals.push(refusal('ITEM_WITHDRAWN', 'This item has been withdrawn from the collection.', false));
  } else if (status === 'claimed-returned') {
    refusals.push(refusal('ITEM_CLAIMED_RETURNED', 'A patron claims to have returned this item: check it in first to resolve the claim.', false));
  } else if (status === 'declared-lost' || status === 'aged-to-lost' || status === 'lost-and-paid') {
    refusals.push(refusal('ITEM_LOST', 'This item is recorded as lost: check it in first.', false));
  } else if (status !== 'available' && status !== 'checked-out') {
    // on order, in process, damaged, in repair, unavailable: not on the shelf for lending
    refusals.push(refusal('ITEM_UNAVAILABLE', `This item is not available for loan (status: ${status}).`, true, { status }));
  }
  if (!item.locationActive) {
    refusals.push(refusal('ITEM_NON_CIRCULATING_LOCATION', `Items in ${item.locationName} do not circulate.`, true));
  }
  return refusals;
}

function policyRefusals(facts: CheckOutFacts): Refusal[] {
  const { loanPolicy, patronOpenLoans } = facts;
  if (!loanPolicy) return [];
  if (!loanPolicy.settings.loanable) return [refusal('ITEM_NOT_LOANABLE', `This item is not for loan (loan policy: ${loanPolicy.name}).`, false, { loanPolicyId: loanPolicy.id })];
  const limit = loanPolicy.settings.itemLimit;
  const current = patronOpenLoans.filter((loan) => loan.loanPolicyId === loanPolicy.id).length;
  if (limit !== null && current >= limit) {
    return [refusal('LOAN_POLICY_ITEM_LIMIT', `The patron has ${current} items out under ${loanPolicy.name}; the limit is ${limit}.`, true, { current, limit, loanPolicyId: loanPolicy.id })];
  }
  return [];
}

export function checkOutRefusals(facts: CheckOutFacts): Refusal[] {
  const refusals: Refusal[] = [];
  if (!facts.patron) refusals.push(refusal('PATRON_NOT_FOUND', 'No patron has this barcode.', false));
  else refusals.push(...patronStandingRefusals(facts.patron, facts.now, facts.timeZone, 'borrowing'), ...limitRefusals(facts));
  refusals.push(...itemRefusals(facts), ...policyRefusals(facts));
  return refusals;
}

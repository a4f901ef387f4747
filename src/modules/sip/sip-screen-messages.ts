import { DomainError } from '../../platform/errors.ts';
import type { RefusalCode } from '../circulation/index.ts';

/**
 * Screen messages (AF) for kiosks: the same stable codes the desk sees, said in short plain words a
 * patron at a self-check machine understands. Refusals (check-out, renewal, requests) carry their own
 * codes in details.refusals; those come first because they say why more precisely than the error code.
 * Every RefusalCode must have its sentence here (the type says so); error and SIP session codes may.
 */
const sentences: Record<RefusalCode, string> & Record<string, string> = {
  // Session and protocol
  SIP_NOT_LOGGED_IN: 'Please log in first.',
  SIP_LOGIN_FAILED: 'Login failed.',
  SIP_MESSAGE_NOT_ALLOWED: 'This machine may not do that. Please ask at the desk.',
  SIP_WRONG_INSTITUTION: 'This card belongs to another library.',
  SIP_PATRON_PIN_REQUIRED: 'Please enter your PIN.',
  SIP_PATRON_INVALID: 'Your card or PIN was not accepted. Please ask at the desk.',
  SIP_PIN_LOCKED: 'Too many wrong PINs. Please try again later or ask at the desk.',
  SIP_PATRON_BLOCKED_BY_KIOSK: 'Your card has been blocked. Please see the desk.',
  SIP_ITEM_PROPERTIES_MISSING: 'No item properties were sent.',
  SIP_CHECK_IN_NOT_ON_LOAN: 'This item was not on loan. Please take it to the desk.',
  SIP_MALFORMED: 'The message was not understood.',
  INTERNAL_ERROR: 'Something went wrong. Please ask at the desk.',
  // Patrons
  PATRON_NOT_FOUND: 'Your card was not recognised. Please ask at the desk.',
  PATRON_BLOCKED: 'Your account is blocked. Please see the desk.',
  PATRON_BLOCKED_FOR_REQUESTS: 'You cannot place requests right now. Please see the desk.',
  PATRON_EXPIRED: 'Your card has expired. Please renew it at the desk.',
  PATRON_INACTIVE: 'Your account is not active. Please see the desk.',
  PATRON_MAX_FEE_BALANCE: 'You owe too much in fees to borrow. Please pay at the desk.',
  PATRON_MAX_LOANS: 'You have reached your borrowing limit.',
  PATRON_MAX_LOANS_FOR_MATERIAL_TYPE: 'You have reached your limit for this kind of item.',
  PATRON_MAX_LOST_ITEMS: 'You have too many lost items to borrow. Please see the desk.',
  PATRON_MAX_OPEN_REQUESTS: 'You have reached your limit of requests.',
  PATRON_MAX_OVERDUE_ITEMS: 'Please return your overdue items first.',
  PATRON_MAX_OVERDUE_RECALLS: 'Please return your recalled items first.',
  ACCOUNT_LOCKED: 'Too many wrong PINs. Please try again later or ask at the desk.',
  // Items
  ITEM_NOT_FOUND: 'This item was not recognised. Please ask at the desk.',
  ITEM_ALREADY_ON_LOAN_TO_PATRON: 'You already have this item.',
  ITEM_AWAITING_PICKUP_FOR_OTHER: 'This item is on hold for someone else. Please leave it at the desk.',
  ITEM_CLAIMED_RETURNED: 'This item needs attention. Please take it to the desk.',
  ITEM_IN_TRANSIT: 'This item is on its way to another library. Please take it to the desk.',
  ITEM_LOST: 'This item is marked lost. Please take it to the desk.',
  ITEM_MISSING: 'This item is marked missing. Please take it to the desk.',
  ITEM_NON_CIRCULATING_LOCATION: 'This item cannot be borrowed.',
  ITEM_NOT_LOANABLE: 'This item cannot be borrowed.',
  ITEM_NOT_ON_LOAN: 'This item is not on loan.',
  ITEM_NOT_ON_SHELF: 'This item is not available.',
  ITEM_ON_LOAN: 'This item is on loan to someone else. Please take it to the desk.',
  ITEM_RECALLED: 'This item has been recalled and cannot be renewed.',
  ITEM_REQUESTED: 'Someone else has requested this item.',
  ITEM_UNAVAILABLE: 'This item is not available.',
  ITEM_WITHDRAWN: 'This item has been withdrawn. Please take it to the desk.',
  // Loans and renewals
  LOAN_CLOSED: 'This loan has already ended.',
  LOAN_NOT_CHECKED_OUT: 'This item is not on loan.',
  LOAN_NOT_FOUND: 'You do not have this item on loan.',
  LOAN_POLICY_ITEM_LIMIT: 'You have reached your limit for this kind of item.',
  RENEWALS_NOT_ALLOWED: 'This item cannot be renewed.',
  RENEWAL_LIMIT_REACHED: 'This item has been renewed as often as allowed.',
  RENEWAL_WOULD_NOT_EXTEND: 'Renewing would not give you more time.',
  CHECK_OUT_REFUSED: 'This item cannot be checked out. Please ask at the desk.',
  RENEWAL_REFUSED: 'This item cannot be renewed.',
  // Requests
  DUPLICATE_REQUEST: 'You have already requested this item.',
  REQUEST_TYPE_NOT_ALLOWED: 'This item cannot be requested.',
  REQUEST_REFUSED: 'This request cannot be placed. Please ask at the desk.',
  REQUEST_NOT_FOUND: 'That request was not found.',
  PICKUP_SERVICE_POINT_NOT_ALLOWED: 'That pickup location is not allowed.',
  PICKUP_SERVICE_POINT_NOT_FOUND: 'That pickup location was not found.',
  // Fees
  FEE_NOT_FOUND: 'That fee was not found.',
  FEE_OVERPAYMENT: 'The payment is more than you owe.',
  FEE_AMOUNT_EXCEEDS_BALANCE: 'The payment is more than you owe.',
  FEE_ALREADY_CLOSED: 'That fee is already paid.',
  FEE_TYPE_NOT_FOUND: 'That kind of fee is not known.',
  // Generic
  VALIDATION_FAILED: 'The request was not understood. Please ask at the desk.',
  CONFLICT: 'That cannot be done right now. Please ask at the desk.',
  FORBIDDEN: 'This machine may not do that. Please ask at the desk.',
};

const fallback = 'That cannot be done here. Please ask at the desk.';

/** Every distinct sentence for an error's refusals (or its code), joined; unknown codes get a safe fallback. */
export function screenMessageFor(codeOrError: string | unknown): string {
  if (typeof codeOrError === 'string') return sentences[codeOrError] ?? fallback;
  if (codeOrError instanceof DomainError) {
    const refusalCodes = refusalCodesOf(codeOrError.details);
    if (refusalCodes.length > 0) return [...new Set(refusalCodes.map((code) => sentences[code] ?? fallback))].join(' ');
    return sentences[codeOrError.code] ?? fallback;
  }
  return sentences.INTERNAL_ERROR!;
}

function refusalCodesOf(details: unknown): string[] {
  if (typeof details !== 'object' || details === null || !('refusals' in details)) return [];
  const refusals = (details as { refusals: unknown }).refusals;
  if (!Array.isArray(refusals)) return [];
  return refusals.flatMap((entry) => (typeof entry === 'object' && entry !== null && typeof (entry as { code?: unknown }).code === 'string' ? [(entry as { code: string }).code] : []));
}

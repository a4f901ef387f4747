import { DomainError, type ErrorCode } from '../../platform/errors.ts';
import type { Actor } from '../audit/index.ts';

/**
 * Refusals: why circulation will not do something, each with a stable code, whether staff may
 * override it, and with which permission. Check-out and renewal collect every refusal at once so
 * the desk sees all problems in one go.
 */
export const overridePermission = 'circulation.override';

/**
 * Every reason check-out, renewal and requests refuse, written once. Each has a kiosk sentence
 * (sip/sip-screen-messages.ts) that the compiler asks for, so a new code cannot reach a patron unexplained.
 */
export const refusalCodes = [
  // the patron
  'PATRON_NOT_FOUND', 'PATRON_BLOCKED', 'PATRON_BLOCKED_FOR_REQUESTS', 'PATRON_EXPIRED', 'PATRON_INACTIVE',
  'PATRON_MAX_FEE_BALANCE', 'PATRON_MAX_LOANS', 'PATRON_MAX_LOANS_FOR_MATERIAL_TYPE', 'PATRON_MAX_LOST_ITEMS',
  'PATRON_MAX_OPEN_REQUESTS', 'PATRON_MAX_OVERDUE_ITEMS', 'PATRON_MAX_OVERDUE_RECALLS',
  // the item
  'ITEM_NOT_FOUND', 'ITEM_ALREADY_ON_LOAN_TO_PATRON', 'ITEM_AWAITING_PICKUP_FOR_OTHER', 'ITEM_CLAIMED_RETURNED',
  'ITEM_IN_TRANSIT', 'ITEM_LOST', 'ITEM_MISSING', 'ITEM_NON_CIRCULATING_LOCATION', 'ITEM_NOT_LOANABLE',
  'ITEM_NOT_ON_LOAN', 'ITEM_NOT_ON_SHELF', 'ITEM_ON_LOAN', 'ITEM_RECALLED', 'ITEM_REQUESTED', 'ITEM_UNAVAILABLE',
  'ITEM_WITHDRAWN',
  // the loan and its renewal
  'LOAN_CLOSED', 'LOAN_NOT_CHECKED_OUT', 'LOAN_NOT_FOUND', 'LOAN_POLICY_ITEM_LIMIT', 'RENEWALS_NOT_ALLOWED',
  'RENEWAL_LIMIT_REACHED', 'RENEWAL_WOULD_NOT_EXTEND',
  // requests
  'DUPLICATE_REQUEST', 'REQUEST_TYPE_NOT_ALLOWED', 'PICKUP_SERVICE_POINT_NOT_ALLOWED', 'PICKUP_SERVICE_POINT_NOT_FOUND',
] as const;

export type RefusalCode = (typeof refusalCodes)[number];

export interface Refusal {
  /** A refusal code, or the error code of a due date that could not be worked out (e.g. NO_FIXED_DUE_DATE). */
  code: RefusalCode | ErrorCode;
  message: string;
  overridable: boolean;
  overridePermission: typeof overridePermission | null;
  details?: Record<string, unknown>;
}

export function refusal(code: RefusalCode | ErrorCode, message: string, overridable: boolean, details?: Record<string, unknown>): Refusal {
  return { code, message, overridable, overridePermission: overridable ? overridePermission : null, ...(details ? { details } : {}) };
}

export type OverrideOutcome =
  | { kind: 'proceed'; overridden: Refusal[] }
  | { kind: 'refused'; refusals: Refusal[] }
  | { kind: 'needs-permission'; refusals: Refusal[] };

/**
 * What happens when refusals meet an override request: nothing to override → proceed; any refusal
 * that cannot be overridden, or no override asked for → refused; an override asked for by someone
 * without the permission → needs-permission; otherwise proceed and remember what was overridden.
 */
export function overrideOutcome(refusals: Refusal[], override: { reason: string } | undefined, permissions: ReadonlySet<string>): OverrideOutcome {
  if (refusals.length === 0) return { kind: 'proceed', overridden: [] };
  if (!override || refusals.some((entry) => !entry.overridable)) return { kind: 'refused', refusals };
  if (!permissions.has(overridePermission)) return { kind: 'needs-permission', refusals };
  return { kind: 'proceed', overridden: refusals };
}

/** Who is acting and what they may do: staff at a desk, later a kiosk or the patron portal (no override permission). */
export interface CirculationActor {
  actor: Actor;
  permissions: ReadonlySet<string>;
}

export function refusalError(code: 'CHECK_OUT_REFUSED' | 'RENEWAL_REFUSED', refusals: Refusal[]): DomainError {
  return new DomainError(code, refusals.map((entry) => entry.message).join(' '), { refusals });
}

export function overridePermissionError(refusals: Refusal[]): DomainError {
  return new DomainError('FORBIDDEN', `Overriding ${refusals.map((entry) => entry.code).join(', ')} needs the ${overridePermission} permission.`, {
    permission: overridePermission,
    refusals,
  });
}

/**
 * Domain errors: a stable code plus the facts a caller needs. Services throw these; each adapter
 * (HTTP, SIP2, CLI, jobs) translates them. Never classify an error by its message text.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CSRF_TOKEN_INVALID'
  | 'SIGN_IN_FAILED'
  | 'ACCOUNT_LOCKED'
  | 'CONFLICT'
  | 'DUPLICATE_BARCODE'
  | 'DUPLICATE_USERNAME'
  | 'DUPLICATE_CODE'
  | 'INSTITUTION_NOT_FOUND'
  | 'SERVICE_POINT_NOT_FOUND'
  | 'LOCATION_NOT_FOUND'
  | 'LIBRARY_NOT_FOUND'
  | 'CALENDAR_EXCEPTION_NOT_FOUND'
  | 'ITEM_NOT_FOUND'
  | 'INSTANCE_NOT_FOUND'
  | 'HOLDING_NOT_FOUND'
  | 'PATRON_NOT_FOUND'
  | 'PATRON_GROUP_NOT_FOUND'
  | 'PATRON_NOTE_NOT_FOUND'
  | 'PATRON_BLOCK_NOT_FOUND'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'STAFF_NOT_FOUND'
  | 'ROLE_NOT_FOUND'
  | 'IMPORT_REJECTED'
  | 'CHECK_OUT_REFUSED'
  | 'RENEWAL_REFUSED'
  | 'LOAN_NOT_FOUND'
  | 'POLICY_NOT_FOUND'
  | 'RULE_NOT_FOUND'
  | 'POLICY_IN_USE'
  | 'FALLBACK_RULE_REQUIRED'
  | 'NO_FIXED_DUE_DATE'
  | 'INTERNAL_ERROR';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function notFound(code: ErrorCode, message: string, details?: unknown): DomainError {
  return new DomainError(code, message, details);
}

/** The one table from error codes to HTTP statuses. */
export const httpStatusOfCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  SIGN_IN_FAILED: 401,
  ACCOUNT_LOCKED: 423,
  CONFLICT: 409,
  DUPLICATE_BARCODE: 409,
  DUPLICATE_USERNAME: 409,
  DUPLICATE_CODE: 409,
  INSTITUTION_NOT_FOUND: 404,
  SERVICE_POINT_NOT_FOUND: 404,
  LOCATION_NOT_FOUND: 404,
  LIBRARY_NOT_FOUND: 404,
  CALENDAR_EXCEPTION_NOT_FOUND: 404,
  ITEM_NOT_FOUND: 404,
  INSTANCE_NOT_FOUND: 404,
  HOLDING_NOT_FOUND: 404,
  PATRON_NOT_FOUND: 404,
  PATRON_GROUP_NOT_FOUND: 404,
  PATRON_NOTE_NOT_FOUND: 404,
  PATRON_BLOCK_NOT_FOUND: 404,
  DUPLICATE_EXTERNAL_ID: 409,
  STAFF_NOT_FOUND: 404,
  ROLE_NOT_FOUND: 404,
  IMPORT_REJECTED: 422,
  CHECK_OUT_REFUSED: 422,
  RENEWAL_REFUSED: 422,
  LOAN_NOT_FOUND: 404,
  POLICY_NOT_FOUND: 404,
  RULE_NOT_FOUND: 404,
  POLICY_IN_USE: 409,
  FALLBACK_RULE_REQUIRED: 409,
  NO_FIXED_DUE_DATE: 422,
  INTERNAL_ERROR: 500,
};

import { ApiError } from '../api/api-client.ts';
import type { RefusalCode } from '../api/api-shapes.ts';
import { messageOfFailure } from '../common/query-status.tsx';

export type RequestField = 'patronBarcode' | 'itemBarcode' | 'type' | 'pickupServicePointId' | 'notNeededAfter' | 'form';

// Which field each refusal is about, so the server's words appear beside what caused them.
const fieldOfCode: Partial<Record<RefusalCode, RequestField>> = {
  PATRON_NOT_FOUND: 'patronBarcode',
  PATRON_EXPIRED: 'patronBarcode',
  PATRON_INACTIVE: 'patronBarcode',
  PATRON_BLOCKED_FOR_REQUESTS: 'patronBarcode',
  PATRON_MAX_OPEN_REQUESTS: 'patronBarcode',
  DUPLICATE_REQUEST: 'patronBarcode',
  ITEM_NOT_FOUND: 'itemBarcode',
  INSTANCE_NOT_FOUND: 'itemBarcode',
  REQUEST_TYPE_NOT_ALLOWED: 'type',
  ITEM_NOT_ON_SHELF: 'type',
  ITEM_NOT_ON_LOAN: 'type',
  PICKUP_SERVICE_POINT_NOT_FOUND: 'pickupServicePointId',
  PICKUP_SERVICE_POINT_NOT_ALLOWED: 'pickupServicePointId',
  SERVICE_POINT_NOT_FOUND: 'pickupServicePointId',
};

const knownFields = new Set<string>(['patronBarcode', 'itemBarcode', 'type', 'pickupServicePointId', 'notNeededAfter']);

/** The server's refusal of a request, sorted by the field each message belongs beside. */
export function problemsByField(error: unknown): Partial<Record<RequestField, string[]>> {
  const problems: Partial<Record<RequestField, string[]>> = {};
  const add = (field: RequestField, message: string) => (problems[field] ??= []).push(message);
  if (!(error instanceof ApiError)) {
    add('form', messageOfFailure(error));
    return problems;
  }
  const details = (error.details ?? {}) as { refusals?: { code: RefusalCode; message: string }[]; field?: string };
  if (error.code === 'REQUEST_REFUSED' && details.refusals) {
    for (const refusal of details.refusals) add(fieldOfCode[refusal.code] ?? 'form', refusal.message);
  } else if (details.field && knownFields.has(details.field)) {
    add(details.field as RequestField, error.message);
  } else {
    add(fieldOfCode[error.code as RefusalCode] ?? 'form', error.message);
  }
  return problems;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

/**
 * The circulation event outbox: what circulation tells the fees, notices and statistics modules,
 * written in the same transaction as the change so that an event exists exactly when the change
 * committed. Consumers read by (institution, kind, occurred_at) and must be idempotent by event id.
 *
 * Kinds and their payloads (stable; the fees module charges and refunds from these):
 * - 'loan-created'          { dueAt, loanPolicyId, overdueFinePolicyId, lostItemPolicyId, servicePointId, overriddenRefusals }
 * - 'loan-renewed'          { previousDueAt, dueAt, renewalCount, overriddenRefusals }
 * - 'loan-due-date-changed' { previousDueAt, dueAt, reason }
 * - 'loan-closed'           { state, dueAt, returnedAt, overdue, previousState, overdueFinePolicyId, lostItemPolicyId, patronGroupId }
 *                           patron_id is set only when the return was late or the loan was lost or claimed returned
 *                           (a fine or refund may follow); otherwise the event keeps no link to the patron.
 * Privacy: when a loan ends and its patron keeps no loan history, every event of that loan loses its
 * patron_id (loan-privacy.queries.ts), so a consumer must read the patron it needs (a fine's) while
 * the loan is open or from the fee ledger, never from an old event.
 * - 'item-declared-lost'    { lostItemPolicyId, previousState, replacementCostCents, reason }
 * - 'item-aged-to-lost'     { lostItemPolicyId, dueAt, replacementCostCents }
 * - 'item-claimed-returned' { previousState, reason }
 * - 'lost-item-returned'    { previousState, resolution: 'found-by-library' | 'returned-by-patron', lostItemPolicyId }
 * - 'item-marked-missing'   { previousStatus, reason }
 * - 'loan-recalled'         { requestId, previousDueAt, dueAt } (requests, for the recall notice)
 */
export const circulationEventKinds = [
  'loan-created',
  'loan-renewed',
  'loan-due-date-changed',
  'loan-closed',
  'item-declared-lost',
  'item-aged-to-lost',
  'item-claimed-returned',
  'lost-item-returned',
  'item-marked-missing',
  'loan-recalled',
] as const;
export type CirculationEventKind = (typeof circulationEventKinds)[number];

export interface CirculationEvent {
  institutionId: string;
  kind: CirculationEventKind;
  loanId?: string | null;
  itemId?: string | null;
  patronId?: string | null;
  occurredAt: Date;
  payload?: Record<string, unknown>;
}

export async function recordCirculationEvent(trx: Kysely<Database>, event: CirculationEvent): Promise<void> {
  await trx
    .insertInto('circulation_event')
    .values({
      id: newId(),
      institution_id: event.institutionId,
      kind: event.kind,
      loan_id: event.loanId ?? null,
      item_id: event.itemId ?? null,
      patron_id: event.patronId ?? null,
      occurred_at: event.occurredAt.toISOString(),
      payload: JSON.stringify(event.payload ?? {}),
    })
    .execute();
}

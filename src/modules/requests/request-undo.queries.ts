import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { openRequestStatuses } from './request-queue.queries.ts';
import { stateBeforeFilling, type ReopenedRequestState } from './request-undo.policy.ts';

export interface ReopenedRequest extends ReopenedRequestState {
  requestId: string;
}

/**
 * A check-out being undone: the request it filled opens again as it was (on the hold shelf with its
 * deadline, a page in the stacks, or a hold waiting), back in its place in the queue: closing it had
 * moved everyone behind one place forward, so they move back. Null when the loan filled no request.
 * Imports nothing from circulation, like the rest of the queue circulation uses through its port.
 */
export async function reopenRequestFilledByLoan(trx: Kysely<Database>, institutionId: string, loanId: string, now: Date): Promise<ReopenedRequest | null> {
  const request = await trx
    .selectFrom('request')
    .select(['id', 'type', 'level', 'item_id', 'instance_id', 'queue_position', 'awaiting_pickup_at', 'hold_shelf_expires_at'])
    .where('institution_id', '=', institutionId)
    .where('filled_loan_id', '=', loanId)
    .where('status', '=', 'closed-filled')
    .executeTakeFirst();
  if (!request) return null;
  const before = stateBeforeFilling({ type: request.type, level: request.level, awaitingPickupAt: request.awaiting_pickup_at, holdShelfExpiresAt: request.hold_shelf_expires_at });
  let queue = trx
    .updateTable('request')
    .set({ queue_position: sql`queue_position + 1`, updated_at: now.toISOString() })
    .where('institution_id', '=', institutionId)
    .where('id', '<>', request.id)
    .where('level', '=', request.level)
    .where('status', 'in', openRequestStatuses)
    .where('queue_position', '>=', Number(request.queue_position));
  queue = request.level === 'item' ? queue.where('item_id', '=', request.item_id) : queue.where('instance_id', '=', request.instance_id);
  await queue.execute();
  await trx
    .updateTable('request')
    .set({ status: before.status, filled_loan_id: null, item_id: before.keepsItem ? request.item_id : null, updated_at: now.toISOString() })
    .where('id', '=', request.id)
    .execute();
  return { requestId: request.id, ...before };
}

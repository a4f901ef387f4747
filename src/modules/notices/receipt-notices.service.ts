import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { receiptEventKey } from './notice-events.service.ts';

/**
 * Staff emailed a receipt by hand (Fees panel): record it as the receipt's notice, so the
 * automatic receipt for the same action is never sent as well. A receipt already sent
 * automatically is not changed (staff asked for a second copy on purpose).
 */
export async function recordReceiptEmailedByStaff(
  db: Kysely<Database>,
  institutionId: string,
  receiptId: string,
  mail: { recipient: string; subject: string; body: string },
  sentAt: Date,
): Promise<void> {
  const action = await db
    .selectFrom('fee_action')
    .select('patron_id')
    .where('institution_id', '=', institutionId)
    .where((eb) => eb.or([eb('id', '=', receiptId), eb('batch_id', '=', receiptId)]))
    .executeTakeFirst();
  if (!action) return;
  const eventKey = receiptEventKey(receiptId);
  const sent = { status: 'sent' as const, recipient: mail.recipient, subject: mail.subject, body: mail.body, sent_at: sentAt.toISOString(), last_error: null, next_attempt_at: null };
  const inserted = await db
    .insertInto('notice_delivery')
    .values({ id: newId(), institution_id: institutionId, patron_id: action.patron_id, loan_id: null, kind: 'fee-receipt', event_key: eventKey, batch_id: newId(), attempts: 1, created_at: sentAt.toISOString(), ...sent })
    .onConflict((conflict) => conflict.columns(['institution_id', 'event_key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return;
  await db.updateTable('notice_delivery').set(sent).where('institution_id', '=', institutionId).where('event_key', '=', eventKey).where('status', '!=', 'sent').execute();
}

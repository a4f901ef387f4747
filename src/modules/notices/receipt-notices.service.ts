import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { patronOfReceipt } from '../fees/index.ts';
import { receiptEventKey } from './notice-events.service.ts';
import { insertSentReceiptIfAbsent, markReceiptSentUnlessSent } from './receipt-notices.queries.ts';

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
  const patronId = await patronOfReceipt(db, institutionId, receiptId);
  if (!patronId) return;
  const eventKey = receiptEventKey(receiptId);
  const sent = { recipient: mail.recipient, subject: mail.subject, body: mail.body, sentAt: sentAt.toISOString() };
  if (await insertSentReceiptIfAbsent(db, { id: newId(), institutionId, patronId, eventKey, batchId: newId() }, sent)) return;
  await markReceiptSentUnlessSent(db, institutionId, eventKey, sent);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface SentReceipt {
  recipient: string;
  subject: string;
  body: string;
  sentAt: string;
}

function sentColumns(mail: SentReceipt) {
  return { status: 'sent' as const, recipient: mail.recipient, subject: mail.subject, body: mail.body, sent_at: mail.sentAt, last_error: null, next_attempt_at: null };
}

/** Record a receipt emailed by staff as its sent notice; false when the receipt already has a notice. */
export async function insertSentReceiptIfAbsent(
  db: Kysely<Database>,
  row: { id: string; institutionId: string; patronId: string; eventKey: string; batchId: string },
  mail: SentReceipt,
): Promise<boolean> {
  const inserted = await db
    .insertInto('notice_delivery')
    .values({ id: row.id, institution_id: row.institutionId, patron_id: row.patronId, loan_id: null, kind: 'fee-receipt', event_key: row.eventKey, batch_id: row.batchId, attempts: 1, created_at: mail.sentAt, ...sentColumns(mail) })
    .onConflict((conflict) => conflict.columns(['institution_id', 'event_key']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Mark a receipt's notice not yet sent as sent by staff (one already sent stays as it was). */
export async function markReceiptSentUnlessSent(db: Kysely<Database>, institutionId: string, eventKey: string, mail: SentReceipt): Promise<void> {
  await db.updateTable('notice_delivery').set(sentColumns(mail)).where('institution_id', '=', institutionId).where('event_key', '=', eventKey).where('status', '!=', 'sent').execute();
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { senderOf, transportFor } from '../../platform/mail-transport.ts';
import { loadReceipt, receiptText } from '../fees/index.ts';
import { recordReceiptEmailedByStaff } from './receipt-notices.service.ts';

export interface EmailedReceipt {
  receiptNumber: string;
  sentTo: string;
  messageId: string;
}

/** Email a plain-text copy of a receipt to the patron (fees' receipt, sent and recorded by notices). */
export async function emailReceipt(db: Kysely<Database>, smtpUrl: string | undefined, institutionId: string, receiptId: string): Promise<EmailedReceipt> {
  if (!smtpUrl) throw new DomainError('EMAIL_NOT_CONFIGURED', 'Email is not set up for this Carrel server (SMTP_URL is not set).');
  const { receipt, patronEmail } = await loadReceipt(db, institutionId, receiptId);
  if (!patronEmail) throw new DomainError('PATRON_HAS_NO_EMAIL', 'The patron has no email address on file; print the receipt instead.', { receiptId });
  const mail = { recipient: patronEmail, subject: `${receipt.title} from ${receipt.institutionName}`, body: receiptText(receipt) };
  const info = await transportFor(smtpUrl).sendMail({ from: { name: receipt.institutionName, address: senderOf(smtpUrl) }, to: patronEmail, subject: mail.subject, text: mail.body });
  // the automatic receipt notice for this action must not follow
  await recordReceiptEmailedByStaff(db, institutionId, receiptId, mail, new Date());
  return { receiptNumber: receipt.receiptNumber, sentTo: patronEmail, messageId: String(info.messageId) };
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { senderOf, transportFor } from '../../platform/mail-transport.ts';
import { checkOutReceiptMessage } from './check-out-receipt.policy.ts';
import { loansForReceipt, receiptIssuer, receiptRecipient } from './check-out-receipt.queries.ts';

export interface CheckOutReceiptRequest {
  patronId: string;
  loanIds: readonly string[];
  servicePointId?: string;
}

export interface EmailedCheckOutReceipt {
  sentTo: string;
  loanCount: number;
  messageId: string;
}

/** Email the patron the loans of this visit to the desk: titles, barcodes and due dates. */
export async function emailCheckOutReceipt(db: Kysely<Database>, clock: Clock, smtpUrl: string | undefined, institutionId: string, input: CheckOutReceiptRequest): Promise<EmailedCheckOutReceipt> {
  if (!smtpUrl) throw new DomainError('EMAIL_NOT_CONFIGURED', 'Email is not set up for this Carrel server (SMTP_URL is not set).');
  const patron = await receiptRecipient(db, institutionId, input.patronId);
  if (!patron) throw new DomainError('PATRON_NOT_FOUND', 'No patron has that id.', { patronId: input.patronId });
  if (!patron.email) throw new DomainError('PATRON_HAS_NO_EMAIL', 'The patron has no email address on file; print the receipt instead.', { patronId: patron.id });
  const loanIds = [...new Set(input.loanIds)];
  const loans = await loansForReceipt(db, institutionId, patron.id, loanIds);
  if (loans.length !== loanIds.length) {
    const found = new Set(loans.map((loan) => loan.id));
    throw new DomainError('LOAN_NOT_FOUND', 'One of the loans is not this patron’s.', { loanIds: loanIds.filter((id) => !found.has(id)) });
  }
  const { institution, servicePoint } = await receiptIssuer(db, institutionId, input.servicePointId);
  const message = checkOutReceiptMessage({
    institutionName: institution.name,
    servicePointName: servicePoint?.name ?? null,
    timeZone: servicePoint?.time_zone ?? institution.time_zone,
    patron: { firstName: patron.first_name, preferredFirstName: patron.preferred_first_name, lastName: patron.last_name },
    loans: loans.map((loan) => ({ title: loan.title, itemBarcode: loan.item_barcode, dueAt: loan.due_at })),
    now: clock.now(),
  });
  const info = await transportFor(smtpUrl).sendMail({
    from: { name: institution.name, address: senderOf(smtpUrl) },
    to: patron.email,
    subject: message.subject,
    text: message.text,
  });
  return { sentTo: patron.email, loanCount: loans.length, messageId: String(info.messageId) };
}

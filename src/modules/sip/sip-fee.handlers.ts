import type { PaymentMethod } from '../../db/schema.ts';
import { describeCents, patronOwesCents, payFees } from '../fees/index.ts';
import { patronIdOfBarcode } from '../patrons/index.ts';
import { requireInstitution } from '../org/index.ts';
import { parseSipAmount, sipFlag } from './sip-codec.ts';
import type { SipHandler, SipReply } from './sip-contract.ts';
import { screenMessageFor } from './sip-screen-messages.ts';
import { beginKioskTransaction, fieldOf, screenMessageOfError } from './sip-transaction.ts';

/**
 * Fee paid (37): a kiosk or payment machine took money from the patron; it is applied through the
 * desk's payment service (one fee when CG names it, else across the patron's fees oldest first),
 * with the kiosk's BK transaction id as the payment's reference.
 */

/** SIP payment types: 00 cash, 01 VISA, 02 credit card; the fees module knows card payments as 'card'. */
const methodOfPaymentType: Readonly<Record<string, PaymentMethod>> = { '00': 'cash', '01': 'card', '02': 'card' };

const feePaidHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: true });
  const feeId = fieldOf(message, 'CG');
  const transactionId = fieldOf(message, 'BK');
  const reply = (accepted: boolean, transactionDate: string, screenMessage: string | undefined, printLine?: string): SipReply => ({
    command: '38',
    fixed: [sipFlag(accepted), transactionDate],
    fields: [
      ['AO', session.account?.institutionCode ?? fieldOf(message, 'AO') ?? ''],
      ['AA', fieldOf(message, 'AA') ?? ''],
      ['BK', transactionId],
      ['CG', feeId],
      ['AF', screenMessage],
      ['AG', printLine],
    ],
  });
  if (!started.ok) return reply(false, started.transactionDate, started.screenMessage);
  const { kiosk } = started;
  const institutionId = kiosk.account.institutionId;
  const method = methodOfPaymentType[message.fixed.paymentType ?? ''];
  if (!method) return reply(false, kiosk.transactionDate, 'This kind of payment is not accepted here. Please pay at the desk.');
  const institution = await requireInstitution(session.db, institutionId);
  const currency = (message.fixed.currencyType ?? '').trim().toUpperCase();
  if (currency !== '' && currency !== institution.currency.toUpperCase()) {
    return reply(false, kiosk.transactionDate, `Payments must be in ${institution.currency}. Please pay at the desk.`);
  }
  const amountCents = parseSipAmount(fieldOf(message, 'BV'));
  if (amountCents === undefined || amountCents <= 0) return reply(false, kiosk.transactionDate, 'The amount paid was not understood. Please ask at the desk.');
  const patronId = await patronIdOfBarcode(session.db, institutionId, fieldOf(message, 'AA') ?? '');
  if (!patronId) return reply(false, kiosk.transactionDate, screenMessageFor('PATRON_NOT_FOUND'));
  try {
    const payment = await payFees(session, { actor: kiosk.actor, permissions: new Set(['fees.pay']), roleCode: null }, patronId, {
      amountCents,
      method,
      feeIds: feeId ? [feeId] : undefined,
      servicePointId: kiosk.account.servicePointId,
      transactionReference: transactionId ?? null,
      note: `Paid at self-service (${kiosk.account.username})`,
    });
    const balance = await patronOwesCents(session.db, institutionId, patronId);
    const paid = describeCents(payment.amountCents, institution.currency);
    const owed = describeCents(balance, institution.currency);
    return reply(true, kiosk.transactionDate, `Thank you. ${paid} paid; you now owe ${owed}.`, `Payment ${paid} (${method}) receipt ${payment.batchId ?? ''} - balance ${owed}`);
  } catch (error) {
    return reply(false, kiosk.transactionDate, screenMessageOfError(error));
  }
};

export const feeSipHandlers: Record<string, SipHandler> = {
  '37': feePaidHandler,
};

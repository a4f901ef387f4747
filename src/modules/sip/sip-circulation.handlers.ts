import { DateTime } from 'luxon';
import { DomainError } from '../../platform/errors.ts';
import { checkIn, checkOut, renewLoan, renewLoansOfPatron, type CheckInResult } from '../circulation/index.ts';
import { homeDeskCodeOfLocation, servicePointCodeOf } from '../org/index.ts';
import { sipCount, sipFlag } from './sip-codec.ts';
import type { SipHandler, SipMessage, SipReply, SipSessionContext } from './sip-contract.ts';
import { parseSipDateTime, sipDateTime } from './sip-dates.ts';
import { feeSipHandlers } from './sip-fee.handlers.ts';
import { holdSipHandlers } from './sip-hold.handlers.ts';
import { sipMediaOf } from './sip-item-status.policy.ts';
import { itemSipHandlers } from './sip-item.handlers.ts';
import { screenMessageFor } from './sip-screen-messages.ts';
import { findSipItem, itemsOfLoans, openLoanOfPatronItem, openLoanOfPatronTitle, type SipItemFacts } from './sip-item.queries.ts';
import { beginKioskTransaction, fieldOf, instantOfSipDate, offlineKioskPermissions, refusalCodesOf, screenMessageOfError, type KioskTransaction } from './sip-transaction.ts';

/**
 * Checkout (11), checkin (09), renew (29) and renew all (65) for self-check kiosks and book drops,
 * through the same services as the desk, acting as the SIP account (the audit names it).
 */

/** A date a patron reads on a receipt, in the institution's zone. */
export function receiptDate(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toFormat('d LLL yyyy HH:mm');
}

interface ItemTransactionReply {
  ok: boolean;
  renewalOk: boolean;
  /** Y only for an item lent now: a refusal or a renewal (the patron already has it) never desensitizes. */
  desensitize: 'Y' | 'N';
  item: SipItemFacts | null;
  dueAt?: string | undefined;
  screenMessage?: string | undefined;
  printLine?: string | undefined;
}

/** 12 and 30 share their layout: ok, renewal ok, magnetic media, desensitize, date; then the loan's fields. */
function itemTransactionReply(command: '12' | '30', message: SipMessage, session: SipSessionContext, transactionDate: string, outcome: ItemTransactionReply): SipReply {
  const media = outcome.item ? sipMediaOf(outcome.item.materialTypeCode) : null;
  return {
    command,
    fixed: [outcome.ok ? '1' : '0', sipFlag(outcome.renewalOk), media?.magneticMedia ?? 'U', outcome.desensitize, transactionDate],
    fields: [
      ['AO', session.account?.institutionCode ?? fieldOf(message, 'AO') ?? ''],
      ['AA', fieldOf(message, 'AA') ?? ''],
      ['AB', fieldOf(message, 'AB') ?? outcome.item?.barcode ?? ''],
      ['AJ', outcome.item?.title ?? ''],
      ['AH', outcome.dueAt ? sipDateTime(outcome.dueAt, session.timeZone) : ''],
      ['CK', media?.mediaType],
      ['AF', outcome.screenMessage],
      ['AG', outcome.printLine],
    ],
  };
}

function dueLine(title: string, dueAt: string, timeZone: string): string {
  return `${title} - due ${receiptDate(dueAt, timeZone)}`;
}

async function renewOnCheckout(kiosk: KioskTransaction, session: SipSessionContext, loanId: string) {
  const renewed = await renewLoan(session, kiosk.who, loanId);
  return renewed.loan.dueAt;
}

/**
 * BI=Y: the kiosk could not finish a checkout it was told succeeded (the security gate failed, the
 * patron walked away); the loan is undone by checking the item back in here.
 */
async function cancelCheckout(message: SipMessage, session: SipSessionContext, kiosk: KioskTransaction, patronBarcode: string, itemBarcode: string): Promise<SipReply> {
  const institutionId = kiosk.account.institutionId;
  const loan = await openLoanOfPatronItem(session.db, institutionId, patronBarcode, itemBarcode);
  const item = await findSipItem(session.db, institutionId, itemBarcode);
  if (!loan) return itemTransactionReply('12', message, session, kiosk.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item, screenMessage: screenMessageFor('LOAN_NOT_FOUND') });
  try {
    await checkIn(session, kiosk.actor, { itemBarcode, servicePointId: kiosk.account.servicePointId });
    return itemTransactionReply('12', message, session, kiosk.transactionDate, { ok: true, renewalOk: false, desensitize: 'N', item, screenMessage: 'The checkout was cancelled.' });
  } catch (error) {
    return itemTransactionReply('12', message, session, kiosk.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item, screenMessage: screenMessageOfError(error) });
  }
}

const checkoutHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: true });
  const itemBarcode = fieldOf(message, 'AB') ?? '';
  if (!started.ok) return itemTransactionReply('12', message, session, started.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item: null, screenMessage: started.screenMessage });
  const { kiosk } = started;
  const institutionId = kiosk.account.institutionId;
  const patronBarcode = fieldOf(message, 'AA') ?? '';
  if (fieldOf(message, 'BI') === 'Y') return cancelCheckout(message, session, kiosk, patronBarcode, itemBarcode);
  const noBlock = message.fixed.noBlock === 'Y';
  // the kiosk's clock may run ahead of ours: an offline loan never starts in the future
  const sentAt = noBlock ? instantOfSipDate(message.fixed.transactionDate, session.timeZone, parseSipDateTime) : undefined;
  const offlineAt = noBlock ? (sentAt && sentAt.getTime() < kiosk.now.getTime() ? sentAt : kiosk.now) : undefined;
  // SIP2 2.00 checkout: the no-block due date is the one the kiosk gave the patron offline; kept when still ahead
  const nbDueAt = noBlock ? instantOfSipDate(message.fixed.nbDueDate, session.timeZone, parseSipDateTime) : undefined;
  const dueAt = nbDueAt && nbDueAt.getTime() > kiosk.now.getTime() ? nbDueAt : undefined;
  try {
    const who = dueAt ? { ...kiosk.who, permissions: offlineKioskPermissions } : kiosk.who;
    const result = await checkOut(session, who, { patronBarcode, itemBarcode, servicePointId: kiosk.account.servicePointId, offlineAt, dueAt });
    if (result.dryRun) throw new Error('a kiosk check-out is never a dry run');
    const item = await findSipItem(session.db, institutionId, itemBarcode);
    return itemTransactionReply('12', message, session, kiosk.transactionDate, {
      ok: true,
      renewalOk: false,
      desensitize: 'Y',
      item,
      dueAt: result.loan.dueAt,
      printLine: dueLine(result.loan.item.title, result.loan.dueAt, session.timeZone),
    });
  } catch (error) {
    const item = await findSipItem(session.db, institutionId, itemBarcode);
    const codes = error instanceof DomainError ? refusalCodesOf(error) : [];
    // the patron already has it and the kiosk lets us renew on checkout (SC renewal policy Y)
    if (codes.length === 1 && codes[0] === 'ITEM_ALREADY_ON_LOAN_TO_PATRON' && message.fixed.scRenewalPolicy === 'Y') {
      const loan = await openLoanOfPatronItem(session.db, institutionId, patronBarcode, itemBarcode);
      if (loan) {
        try {
          const dueAt = await renewOnCheckout(kiosk, session, loan.id);
          return itemTransactionReply('12', message, session, kiosk.transactionDate, {
            ok: true, renewalOk: true, desensitize: 'N', item, dueAt, printLine: dueLine(item?.title ?? itemBarcode, dueAt, session.timeZone),
          });
        } catch (renewalError) {
          return itemTransactionReply('12', message, session, kiosk.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item, screenMessage: screenMessageOfError(renewalError) });
        }
      }
    }
    return itemTransactionReply('12', message, session, kiosk.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item, screenMessage: screenMessageOfError(error) });
  }
};

type CheckinAlert = { type: string; destination: string | undefined; holdPatron: string | undefined } | null;

/** Why a sorter or the staff must look at a returned item: CV 01 hold here, 02 hold elsewhere, 04 another library, 99 other. */
function checkinAlert(result: CheckInResult, item: SipItemFacts | null, deskCode: string | undefined, homeDeskCode: string | undefined): CheckinAlert {
  const held = item?.heldFor ?? null;
  if (result.action === 'hold-shelf') return { type: '01', destination: deskCode, holdPatron: held?.patronBarcode };
  if (result.action === 'route' && held) return { type: '02', destination: held.pickupCode, holdPatron: held.patronBarcode };
  if (result.action === 'route') return { type: '04', destination: homeDeskCode, holdPatron: undefined };
  if (result.resolution) return { type: '99', destination: undefined, holdPatron: undefined };
  return null;
}

async function serviceCodes(session: SipSessionContext, institutionId: string, deskId: string, item: SipItemFacts | null) {
  const deskCode = await servicePointCodeOf(session.db, institutionId, deskId);
  const homeDeskCode = item ? await homeDeskCodeOfLocation(session.db, institutionId, item.permanentLocation.code) : undefined;
  return { deskCode, homeDeskCode };
}

const checkinHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: false });
  const itemBarcode = fieldOf(message, 'AB') ?? '';
  const refused = (transactionDate: string, screenMessage: string, item: SipItemFacts | null): SipReply => ({
    command: '10',
    // an item we cannot take back is set aside: alert on, 99 "other"
    fixed: ['0', 'N', item ? sipMediaOf(item.materialTypeCode).magneticMedia : 'U', 'Y', transactionDate],
    fields: [
      ['AO', session.account?.institutionCode ?? fieldOf(message, 'AO') ?? ''],
      ['AB', itemBarcode],
      ['AQ', item?.permanentLocation.code ?? ''],
      ['AJ', item?.title],
      ['CK', item ? sipMediaOf(item.materialTypeCode).mediaType : undefined],
      ['CV', '99'],
      ['AF', screenMessage],
    ],
  });
  if (!started.ok) return refused(started.transactionDate, started.screenMessage, null);
  const { kiosk } = started;
  const institutionId = kiosk.account.institutionId;
  const servicePointId = kiosk.account.servicePointId;
  const sentReturn = instantOfSipDate(message.fixed.returnDate, session.timeZone, parseSipDateTime);
  // a book drop emptied later says when the item came back; never in the future
  const returnedAt = sentReturn && sentReturn.getTime() < kiosk.now.getTime() ? sentReturn : undefined;
  let result: CheckInResult;
  try {
    try {
      result = await checkIn(session, kiosk.actor, { itemBarcode, servicePointId, returnedAt });
    } catch (error) {
      // a return date before the loan began (a kiosk's clock was off): take the item back now
      if (!(returnedAt && error instanceof DomainError && error.code === 'VALIDATION_FAILED')) throw error;
      result = await checkIn(session, kiosk.actor, { itemBarcode, servicePointId });
    }
  } catch (error) {
    return refused(kiosk.transactionDate, screenMessageOfError(error), await findSipItem(session.db, institutionId, itemBarcode));
  }
  const item = await findSipItem(session.db, institutionId, itemBarcode);
  const { deskCode, homeDeskCode } = await serviceCodes(session, institutionId, servicePointId, item);
  const alert = checkinAlert(result, item, deskCode, homeDeskCode);
  const media = item ? sipMediaOf(item.materialTypeCode) : null;
  const screenMessage =
    alert?.type === '01' || alert?.type === '02' ? 'Thank you. This item is wanted by another patron; please leave it for the staff.'
    : result.resolution ? 'Thank you. Please take this item to the desk.'
    : result.fine && result.fine.fineCents > 0 ? 'Thank you. This item was returned late; a fine has been charged.'
    : undefined;
  // Nothing was returned: ok 0 so that a sorter sets the item aside, unless the library chose otherwise for this account.
  const notOnLoan = result.loan === null;
  const ok = !notOnLoan || kiosk.account.checkInNotOnLoanOk;
  return {
    command: '10',
    fixed: [ok ? '1' : '0', 'Y', media?.magneticMedia ?? 'U', sipFlag(alert !== null), kiosk.transactionDate],
    fields: [
      ['AO', kiosk.account.institutionCode],
      ['AB', itemBarcode],
      ['AQ', item?.permanentLocation.code ?? ''],
      ['AJ', result.item.title],
      ['AA', result.loan?.patron?.barcode],
      ['CK', media?.mediaType],
      ['CT', alert?.destination],
      ['CV', alert?.type],
      ['CY', alert?.holdPatron],
      ['AF', notOnLoan ? screenMessageFor('SIP_CHECK_IN_NOT_ON_LOAN') : undefined],
      ['AF', screenMessage],
      ['AG', `${result.item.title} - returned ${receiptDate((result.loan?.returnedAt ?? kiosk.now.toISOString()), session.timeZone)}`],
    ],
  };
};

const renewHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: true });
  if (!started.ok) return itemTransactionReply('30', message, session, started.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item: null, screenMessage: started.screenMessage });
  const { kiosk } = started;
  const institutionId = kiosk.account.institutionId;
  const patronBarcode = fieldOf(message, 'AA') ?? '';
  // by item barcode, or (when the kiosk only knows the title) the patron's one loan of that title
  const title = fieldOf(message, 'AJ');
  const byTitle = !fieldOf(message, 'AB') && title ? await openLoanOfPatronTitle(session.db, institutionId, patronBarcode, title) : null;
  const itemBarcode = fieldOf(message, 'AB') ?? byTitle?.itemBarcode;
  const item = itemBarcode ? await findSipItem(session.db, institutionId, itemBarcode) : null;
  const loan = byTitle ?? (itemBarcode ? await openLoanOfPatronItem(session.db, institutionId, patronBarcode, itemBarcode) : null);
  if (!loan) {
    const code = !itemBarcode || !item ? 'ITEM_NOT_FOUND' : 'LOAN_NOT_FOUND';
    return itemTransactionReply('30', message, session, kiosk.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item, screenMessage: screenMessageFor(code) });
  }
  try {
    const renewed = await renewLoan(session, kiosk.who, loan.id);
    return itemTransactionReply('30', message, session, kiosk.transactionDate, {
      ok: true, renewalOk: true, desensitize: 'N', item, dueAt: renewed.loan.dueAt, printLine: dueLine(item?.title ?? itemBarcode ?? '', renewed.loan.dueAt, session.timeZone),
    });
  } catch (error) {
    return itemTransactionReply('30', message, session, kiosk.transactionDate, { ok: false, renewalOk: false, desensitize: 'N', item, dueAt: item?.openLoan?.dueAt, screenMessage: screenMessageOfError(error) });
  }
};

const renewAllHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: true });
  const reply = (ok: boolean, transactionDate: string, renewed: string[], unrenewed: string[], screenMessage?: string): SipReply => ({
    command: '66',
    fixed: [ok ? '1' : '0', sipCount(renewed.length, 4), sipCount(unrenewed.length, 4), transactionDate],
    fields: [
      ['AO', session.account?.institutionCode ?? fieldOf(message, 'AO') ?? ''],
      ...renewed.map((barcode): [string, string] => ['BM', barcode]),
      ...unrenewed.map((barcode): [string, string] => ['BN', barcode]),
      ['AF', screenMessage],
    ],
  });
  if (!started.ok) return reply(false, started.transactionDate, [], [], started.screenMessage);
  const { kiosk } = started;
  try {
    const outcome = await renewLoansOfPatron(session, kiosk.who, { patronBarcode: fieldOf(message, 'AA') ?? '' });
    const items = await itemsOfLoans(session.db, kiosk.account.institutionId, outcome.results.map((entry) => entry.loanId));
    const barcodeOf = (loanId: string) => items.get(loanId)?.barcode ?? loanId;
    const renewed = outcome.results.filter((entry) => entry.renewed).map((entry) => barcodeOf(entry.loanId));
    const unrenewed = outcome.results.filter((entry) => !entry.renewed).map((entry) => barcodeOf(entry.loanId));
    const screenMessage = unrenewed.length > 0 ? `${renewed.length} renewed, ${unrenewed.length} could not be renewed. Please ask at the desk about the others.` : `${renewed.length} renewed.`;
    return reply(true, kiosk.transactionDate, renewed, unrenewed, screenMessage);
  } catch (error) {
    return reply(false, kiosk.transactionDate, [], [], screenMessageOfError(error));
  }
};

/** Every circulation message handler by request command, for the session's dispatch table. */
export const circulationSipHandlers: Record<string, SipHandler> = {
  '11': checkoutHandler,
  '09': checkinHandler,
  '29': renewHandler,
  '65': renewAllHandler,
  ...itemSipHandlers,
  ...feeSipHandlers,
  ...holdSipHandlers,
};

import type { SipHandler, SipReply } from './sip-contract.ts';
import { sipDateTime } from './sip-dates.ts';
import { sipCirculationStatus, sipMediaOf } from './sip-item-status.policy.ts';
import { findSipItem } from './sip-item.queries.ts';
import { screenMessageFor } from './sip-screen-messages.ts';
import { beginKioskTransaction, fieldOf } from './sip-transaction.ts';

/** Item information (17) and item status update (19): what a kiosk or sorter may know and set about an item. */

const itemInformationHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: false });
  const itemBarcode = fieldOf(message, 'AB') ?? '';
  const unknown = (transactionDate: string, screenMessage: string): SipReply => ({
    command: '18',
    fixed: ['01', '00', '01', transactionDate],
    fields: [['AB', itemBarcode], ['AJ', ''], ['AF', screenMessage]],
  });
  if (!started.ok) return unknown(started.transactionDate, started.screenMessage);
  const { kiosk } = started;
  const item = await findSipItem(session.db, kiosk.account.institutionId, itemBarcode);
  if (!item) return unknown(kiosk.transactionDate, screenMessageFor('ITEM_NOT_FOUND'));
  const media = sipMediaOf(item.materialTypeCode);
  const date = (instant: string | null | undefined) => (instant ? sipDateTime(instant, session.timeZone) : undefined);
  return {
    command: '18',
    // fee type 01 "other/unknown": Carrel charges no rental fees
    fixed: [sipCirculationStatus(item.status, Boolean(item.openLoan?.recalledAt)), media.securityMarker, '01', kiosk.transactionDate],
    fields: [
      ['CF', item.queueLength > 0 ? item.queueLength : undefined],
      ['AH', date(item.openLoan?.dueAt)],
      ['CJ', date(item.openLoan?.recalledAt)],
      ['CM', item.heldFor?.status === 'open-awaiting-pickup' ? date(item.heldFor.holdShelfExpiresAt) : undefined],
      ['AB', item.barcode],
      ['AJ', item.title],
      ['BG', item.ownerCode],
      ['CK', media.mediaType],
      ['AQ', item.permanentLocation.code],
      ['AP', item.currentLocation.code],
    ],
  };
};

/**
 * Carrel keeps no free-form item properties (CH) for kiosks to write, so an update is answered
 * "not stored" with a screen message; the item's details still come back for the kiosk.
 */
const itemStatusUpdateHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: false });
  const itemBarcode = fieldOf(message, 'AB') ?? '';
  if (!started.ok) return { command: '20', fixed: ['0', started.transactionDate], fields: [['AB', itemBarcode], ['AF', started.screenMessage]] };
  const { kiosk } = started;
  const item = await findSipItem(session.db, kiosk.account.institutionId, itemBarcode);
  return {
    command: '20',
    fixed: ['0', kiosk.transactionDate],
    fields: [
      ['AB', itemBarcode],
      ['AJ', item?.title],
      ['AF', item ? 'Item properties cannot be changed from this machine. Please ask at the desk.' : screenMessageFor('ITEM_NOT_FOUND')],
    ],
  };
};

export const itemSipHandlers: Record<string, SipHandler> = {
  '17': itemInformationHandler,
  '19': itemStatusUpdateHandler,
};

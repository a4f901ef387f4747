import type { SipHandler, SipReply } from './sip-contract.ts';
import { sipDateTime } from './sip-dates.ts';
import { sipCirculationStatus, sipMediaOf } from './sip-item-status.policy.ts';
import { findSipItem } from './sip-item.queries.ts';
import { storeSipItemProperties } from './sip-item-properties.service.ts';
import { firstField } from './sip-codec.ts';
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
      ['CH', item.sipProperties ?? undefined],
    ],
  };
};

/**
 * 19 stores the item properties (CH) a kiosk or sorter keeps about an item, free text in the vendor's
 * own format, and 17 sends them back. Nothing else about the item changes; the change is audited.
 */
const itemStatusUpdateHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: false });
  const itemBarcode = fieldOf(message, 'AB') ?? '';
  if (!started.ok) return { command: '20', fixed: ['0', started.transactionDate], fields: [['AB', itemBarcode], ['AF', started.screenMessage]] };
  const { kiosk } = started;
  const properties = firstField(message, 'CH');
  const stored = properties === undefined ? null : await storeSipItemProperties(session.db, kiosk, itemBarcode, properties);
  const screenMessage = properties === undefined ? screenMessageFor('SIP_ITEM_PROPERTIES_MISSING') : stored ? undefined : screenMessageFor('ITEM_NOT_FOUND');
  return {
    command: '20',
    fixed: [stored ? '1' : '0', kiosk.transactionDate],
    fields: [
      ['AB', itemBarcode],
      ['AJ', stored?.title],
      ['CH', stored ? properties : undefined],
      ['AF', screenMessage],
    ],
  };
};

export const itemSipHandlers: Record<string, SipHandler> = {
  '17': itemInformationHandler,
  '19': itemStatusUpdateHandler,
};

import { DateTime } from 'luxon';
import { DomainError } from '../../platform/errors.ts';
import { cancelRequest, changeRequestPickup, openRequestOfPatronOn, placeRequest, type RequestView } from '../requests/index.ts';
import { instanceIdsWithTitle } from '../catalog/index.ts';
import { servicePointCodeOf, servicePointIdOfCode } from '../org/index.ts';
import { sipFlag } from './sip-codec.ts';
import type { SipHandler, SipMessage, SipReply, SipSessionContext } from './sip-contract.ts';
import { parseSipDateTime, sipDateTime } from './sip-dates.ts';
import { screenMessageFor } from './sip-screen-messages.ts';
import { beginKioskTransaction, fieldOf, instantOfSipDate, screenMessageOfError, type KioskTransaction } from './sip-transaction.ts';

/**
 * Hold (15): '+' places a request (page or hold, by the requests module's one rule), '-'
 * cancels the patron's request on the item or title, '*' moves its pickup desk. The request
 * services decide; the kiosk only relays.
 */

interface HoldOutcome {
  ok: boolean;
  request?: RequestView | undefined;
  screenMessage?: string | undefined;
}

function holdReply(message: SipMessage, session: SipSessionContext, transactionDate: string, outcome: HoldOutcome, pickupCode: string | undefined): SipReply {
  const request = outcome.request;
  const expires = request?.holdShelfExpiresAt ?? (request?.notNeededAfter ? DateTime.fromISO(request.notNeededAfter, { zone: session.timeZone }).endOf('day').toUTC().toISO() : null);
  return {
    command: '16',
    fixed: [outcome.ok ? '1' : '0', sipFlag(Boolean(request?.status.startsWith('open-') && (request.status === 'open-awaiting-pickup' || request.type === 'page'))), transactionDate],
    fields: [
      ['BW', outcome.ok && expires ? sipDateTime(expires, session.timeZone) : undefined],
      ['BR', outcome.ok && request && request.status.startsWith('open-') ? request.queuePosition : undefined],
      ['BS', outcome.ok ? pickupCode : undefined],
      ['AO', session.account?.institutionCode ?? fieldOf(message, 'AO') ?? ''],
      ['AA', fieldOf(message, 'AA') ?? ''],
      ['AB', request?.item?.barcode ?? fieldOf(message, 'AB')],
      ['AJ', request?.instance.title ?? fieldOf(message, 'AJ')],
      ['AF', outcome.screenMessage],
    ],
  };
}

async function servicePointByCode(session: SipSessionContext, institutionId: string, code: string) {
  const id = await servicePointIdOfCode(session.db, institutionId, code);
  return id ? { id, code } : undefined;
}

async function kioskDesk(session: SipSessionContext, institutionId: string, servicePointId: string) {
  const code = await servicePointCodeOf(session.db, institutionId, servicePointId);
  return code === undefined ? undefined : { id: servicePointId, code };
}

/** A title-level request names the title exactly; only an unambiguous one is taken. */
async function instanceByTitle(session: SipSessionContext, institutionId: string, title: string): Promise<string | undefined> {
  const ids = await instanceIdsWithTitle(session.db, institutionId, title, 2);
  return ids.length === 1 ? ids[0] : undefined;
}

async function placeHold(session: SipSessionContext, kiosk: KioskTransaction, message: SipMessage, pickupServicePointId: string, instanceId: string | undefined): Promise<RequestView> {
  const itemBarcode = fieldOf(message, 'AB');
  const patronBarcode = fieldOf(message, 'AA') ?? '';
  const expiresAt = instantOfSipDate(fieldOf(message, 'BW'), session.timeZone, parseSipDateTime);
  const notNeededAfter = expiresAt ? (DateTime.fromJSDate(expiresAt).setZone(session.timeZone).toISODate() ?? undefined) : undefined;
  // the requests module decides page or hold (requestTypeFor), in the same transaction as the placing
  return placeRequest(session, kiosk.actor, {
    patronBarcode,
    ...(itemBarcode ? { itemBarcode } : { instanceId }),
    pickupServicePointId,
    notNeededAfter,
  });
}

const holdHandler: SipHandler = async (message, session) => {
  const started = await beginKioskTransaction(message, session, { patron: true });
  if (!started.ok) return holdReply(message, session, started.transactionDate, { ok: false, screenMessage: started.screenMessage }, undefined);
  const { kiosk } = started;
  const institutionId = kiosk.account.institutionId;
  const refuse = (screenMessage: string) => holdReply(message, session, kiosk.transactionDate, { ok: false, screenMessage }, undefined);
  const pickupCode = fieldOf(message, 'BS');
  const pickup = pickupCode ? await servicePointByCode(session, institutionId, pickupCode) : await kioskDesk(session, institutionId, kiosk.account.servicePointId);
  if (!pickup) return refuse(screenMessageFor('PICKUP_SERVICE_POINT_NOT_FOUND'));
  const itemBarcode = fieldOf(message, 'AB');
  const title = fieldOf(message, 'AJ');
  const instanceId = !itemBarcode && title ? await instanceByTitle(session, institutionId, title) : undefined;
  if (!itemBarcode && !instanceId) return refuse(screenMessageFor('ITEM_NOT_FOUND'));
  const patronBarcode = fieldOf(message, 'AA') ?? '';
  try {
    const mode = message.fixed.holdMode;
    if (mode === '+') {
      const request = await placeHold(session, kiosk, message, pickup.id, instanceId);
      const screenMessage = request.type === 'page' ? 'Your request is placed; the item will be fetched for you.' : `Your hold is placed; you are number ${request.queuePosition} in line.`;
      return holdReply(message, session, kiosk.transactionDate, { ok: true, request, screenMessage }, pickup.code);
    }
    if (mode === '-' || mode === '*') {
      const requestId = await openRequestOfPatronOn(session.db, institutionId, { patronBarcode, itemBarcode, instanceId });
      if (!requestId) return refuse(screenMessageFor('REQUEST_NOT_FOUND'));
      const request =
        mode === '-'
          ? await cancelRequest(session, kiosk.actor, requestId, 'Cancelled by the patron at self-service')
          : await changeRequestPickup(session, kiosk.actor, requestId, pickup.id);
      return holdReply(message, session, kiosk.transactionDate, { ok: true, request, screenMessage: mode === '-' ? 'Your request is cancelled.' : 'Your pickup location is changed.' }, pickup.code);
    }
    return refuse('The hold request was not understood. Please ask at the desk.');
  } catch (error) {
    if (error instanceof DomainError) return refuse(screenMessageOfError(error));
    throw error;
  }
};

export const holdSipHandlers: Record<string, SipHandler> = {
  '15': holdHandler,
};

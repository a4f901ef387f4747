import { placeOfServicePoint } from '../org/index.ts';
import { sipFlag, sipProtocolVersion } from './sip-codec.ts';
import type { SipHandler } from './sip-contract.ts';
import { sipDateTime } from './sip-dates.ts';
import { supportedMessagesField } from './sip-message-formats.ts';
import { sipRequestMessages } from './sip-account.service.ts';

/**
 * 99 SC status → 98 ACS status. Before a login the kiosk learns what Carrel can do; after, what this
 * account may do (its allowed messages, in the BX field and the check-in/check-out/renew flags).
 */
// Tenths of a second a kiosk should wait for a reply, and how often it may retry (SIP2 2.00, 98).
const timeoutTenths = '100';
const retriesAllowed = '003';

export const acsStatus: SipHandler = async (_message, session) => {
  const now = session.clock.now();
  const account = session.account;
  const allowed: ReadonlySet<string> = new Set(account ? account.allowedMessages : sipRequestMessages);
  let libraryName = 'Carrel';
  let terminalLocation: string | undefined;
  if (account) {
    const place = await placeOfServicePoint(session.db, account.institutionId, account.servicePointId);
    libraryName = place?.libraryName ?? place?.institutionName ?? libraryName;
    terminalLocation = place?.servicePointName;
  }
  return {
    command: '98',
    fixed: [
      'Y',
      sipFlag(allowed.has('09')),
      sipFlag(allowed.has('11')),
      sipFlag(allowed.has('29') || allowed.has('65')),
      sipFlag(allowed.has('19')),
      // Offline (no-block) check-outs and check-ins are accepted with their original dates.
      sipFlag(allowed.has('11') || allowed.has('09')),
      timeoutTenths,
      retriesAllowed,
      sipDateTime(now, session.timeZone),
      sipProtocolVersion,
    ],
    fields: [
      ['AO', account?.institutionCode ?? ''],
      ['AM', libraryName],
      ['BX', supportedMessagesField(allowed)],
      ['AN', terminalLocation],
    ],
  };
};

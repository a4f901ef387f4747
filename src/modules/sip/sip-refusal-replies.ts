import type { SipMessage, SipReply } from './sip-contract.ts';
import { sipDateTime } from './sip-dates.ts';
import { patronStatusField, responseFixedWidths } from './sip-message-formats.ts';

/**
 * The negative response to any request, for when the session refuses it before a handler runs (not
 * logged in, a message the account may not use, the wrong institution) or a handler fails. Kiosks
 * handle the command's own response with its "no" flags and an AF screen message far better than a
 * 96 or a closed socket: they show the message and carry on.
 */
const responseOf: Readonly<Record<string, string>> = {
  '93': '94', '99': '98', '23': '24', '63': '64', '11': '12', '09': '10', '17': '18', '19': '20',
  '29': '30', '65': '66', '37': '38', '15': '16', '01': '24', '25': '26', '35': '36',
};

const deniedPatron = patronStatusField({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true });

/** Fixed values that mean "no" for each response field name (dates are filled in separately). */
const negativeFixed: Readonly<Record<string, string>> = {
  ok: '0',
  renewalOk: 'N',
  magneticMedia: 'U',
  desensitize: 'N',
  resensitize: 'N',
  alert: 'N',
  patronStatus: deniedPatron,
  language: '000',
  onlineStatus: 'Y',
  checkinOk: 'N',
  checkoutOk: 'N',
  acsRenewalPolicy: 'N',
  statusUpdateOk: 'N',
  offlineOk: 'N',
  timeoutPeriod: '000',
  retriesAllowed: '000',
  protocolVersion: '2.00',
  circulationStatus: '01',
  securityMarker: '00',
  feeType: '01',
  itemPropertiesOk: '0',
  paymentAccepted: 'N',
  available: 'N',
  endSession: 'N',
};

function first(message: SipMessage, id: string): string {
  return message.fields.get(id)?.[0] ?? '';
}

/** The command's negative response carrying `screenMessage` in AF, echoing the patron and item it was about. */
export function refusalReply(message: SipMessage, screenMessage: string, now: Date, timeZone: string, institutionCode: string | undefined): SipReply {
  const command = responseOf[message.command] ?? '96';
  const format = responseFixedWidths[command];
  if (!format || command === '96') return { command: '96', fixed: [], fields: [] };
  const date = sipDateTime(now, timeZone);
  const fixed = format.fixed.map((field) => {
    if (field.width === 18) return date;
    const value = field.width === 4 && negativeFixed[field.name] === undefined ? '0000' : (negativeFixed[field.name] ?? ' ');
    return value.padEnd(field.width, ' ').slice(0, field.width);
  });
  const institution = first(message, 'AO') || institutionCode || '';
  const fields: SipReply['fields'] = [];
  const add = (id: string, value: string) => {
    if (format.fields.includes(id)) fields.push([id, value]);
  };
  add('AO', institution);
  if (command === '98') {
    add('AM', '');
    add('BX', 'N'.repeat(16));
  }
  add('AA', first(message, 'AA'));
  if (['24', '26', '64'].includes(command)) {
    add('AE', '');
    add('BL', 'N');
  }
  if (['12', '18', '20', '30', '10', '16'].includes(command)) {
    add('AB', first(message, 'AB'));
    add('AJ', '');
  }
  if (command === '12' || command === '30') add('AH', '');
  if (command === '10') add('AQ', '');
  if (command === '38') add('BK', first(message, 'BK'));
  fields.push(['AF', screenMessage]);
  return { command, fixed, fields };
}

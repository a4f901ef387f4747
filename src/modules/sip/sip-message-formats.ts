/**
 * The fixed-length parts of SIP2 v2.00 messages, as the standard lays them out, so the codec can read
 * requests by field name and handler authors and conformance tests can check the widths of replies.
 */

export interface SipFixedField {
  name: string;
  width: number;
  /**
   * Left out by clients that predate the field; only the 99 protocol version, which SIP 1.00 kiosks omit.
   * An optional field may only be missing as a whole and only at the end of the fixed part.
   */
  optional?: boolean;
}

export interface SipMessageFormat {
  command: string;
  /** The message's name in the standard, for logs and screen messages. */
  name: string;
  fixed: readonly SipFixedField[];
  /** The variable fields the standard lists for the message, in its order (clients may send others). */
  fields: readonly string[];
}

const date = (name: string): SipFixedField => ({ name, width: 18 });
const flag = (name: string): SipFixedField => ({ name, width: 1 });
const count = (name: string): SipFixedField => ({ name, width: 4 });

function formats(list: SipMessageFormat[]): Readonly<Record<string, SipMessageFormat>> {
  return Object.freeze(Object.fromEntries(list.map((format) => [format.command, format])));
}

/** Requests a kiosk (SC) sends and Carrel (the ACS) serves. */
export const requestFormats = formats([
  { command: '93', name: 'Login', fixed: [flag('uidAlgorithm'), flag('pwdAlgorithm')], fields: ['CN', 'CO', 'CP'] },
  {
    command: '99',
    name: 'SC Status',
    fixed: [flag('statusCode'), { name: 'maxPrintWidth', width: 3 }, { name: 'protocolVersion', width: 4, optional: true }],
    fields: [],
  },
  {
    command: '23',
    name: 'Patron Status Request',
    fixed: [{ name: 'language', width: 3 }, date('transactionDate')],
    fields: ['AO', 'AA', 'AC', 'AD'],
  },
  {
    command: '63',
    name: 'Patron Information',
    fixed: [{ name: 'language', width: 3 }, date('transactionDate'), { name: 'summary', width: 10 }],
    fields: ['AO', 'AA', 'AC', 'AD', 'BP', 'BQ'],
  },
  {
    command: '11',
    name: 'Checkout',
    fixed: [flag('scRenewalPolicy'), flag('noBlock'), date('transactionDate'), date('nbDueDate')],
    fields: ['AO', 'AA', 'AB', 'AC', 'CH', 'AD', 'BO', 'BI'],
  },
  {
    command: '09',
    name: 'Checkin',
    fixed: [flag('noBlock'), date('transactionDate'), date('returnDate')],
    fields: ['AP', 'AO', 'AB', 'AC', 'CH', 'BI'],
  },
  { command: '17', name: 'Item Information', fixed: [date('transactionDate')], fields: ['AO', 'AB', 'AC'] },
  { command: '19', name: 'Item Status Update', fixed: [date('transactionDate')], fields: ['AO', 'AB', 'AC', 'CH'] },
  {
    command: '29',
    name: 'Renew',
    fixed: [flag('thirdPartyAllowed'), flag('noBlock'), date('transactionDate'), date('nbDueDate')],
    fields: ['AO', 'AA', 'AD', 'AB', 'AJ', 'AC', 'CH', 'BO'],
  },
  { command: '65', name: 'Renew All', fixed: [date('transactionDate')], fields: ['AO', 'AA', 'AD', 'AC', 'BO'] },
  {
    command: '37',
    name: 'Fee Paid',
    fixed: [date('transactionDate'), { name: 'feeType', width: 2 }, { name: 'paymentType', width: 2 }, { name: 'currencyType', width: 3 }],
    fields: ['BV', 'AO', 'AA', 'AC', 'AD', 'CG', 'BK'],
  },
  {
    command: '15',
    name: 'Hold',
    fixed: [flag('holdMode'), date('transactionDate')],
    fields: ['BW', 'BS', 'BY', 'AO', 'AA', 'AD', 'AB', 'AJ', 'AC', 'BO'],
  },
  { command: '01', name: 'Block Patron', fixed: [flag('cardRetained'), date('transactionDate')], fields: ['AO', 'AL', 'AA', 'AC'] },
  { command: '25', name: 'Patron Enable', fixed: [date('transactionDate')], fields: ['AO', 'AA', 'AC', 'AD'] },
  { command: '35', name: 'End Patron Session', fixed: [date('transactionDate')], fields: ['AO', 'AA', 'AC', 'AD'] },
  { command: '97', name: 'Request ACS Resend', fixed: [], fields: [] },
]);

const patronStatus: SipFixedField = { name: 'patronStatus', width: 14 };
const language: SipFixedField = { name: 'language', width: 3 };
const itemTransaction = [flag('ok'), flag('renewalOk'), flag('magneticMedia'), flag('desensitize'), date('transactionDate')];

/** Responses Carrel sends, with the fixed fields each must carry in order (same shape as requestFormats). */
export const responseFixedWidths = formats([
  { command: '94', name: 'Login Response', fixed: [flag('ok')], fields: [] },
  {
    command: '98',
    name: 'ACS Status',
    fixed: [
      flag('onlineStatus'),
      flag('checkinOk'),
      flag('checkoutOk'),
      flag('acsRenewalPolicy'),
      flag('statusUpdateOk'),
      flag('offlineOk'),
      { name: 'timeoutPeriod', width: 3 },
      { name: 'retriesAllowed', width: 3 },
      date('dateTimeSync'),
      { name: 'protocolVersion', width: 4 },
    ],
    fields: ['AO', 'AM', 'BX', 'AN', 'AF', 'AG'],
  },
  {
    command: '24',
    name: 'Patron Status Response',
    fixed: [patronStatus, language, date('transactionDate')],
    fields: ['AO', 'AA', 'AE', 'BL', 'CQ', 'BH', 'BV', 'AF', 'AG'],
  },
  {
    command: '64',
    name: 'Patron Information Response',
    fixed: [
      patronStatus,
      language,
      date('transactionDate'),
      count('holdItemsCount'),
      count('overdueItemsCount'),
      count('chargedItemsCount'),
      count('fineItemsCount'),
      count('recallItemsCount'),
      count('unavailableHoldsCount'),
    ],
    fields: ['AO', 'AA', 'AE', 'BZ', 'CA', 'CB', 'BL', 'CQ', 'BH', 'BV', 'CC', 'AS', 'AT', 'AU', 'AV', 'BU', 'CD', 'BD', 'BE', 'BF', 'AF', 'AG'],
  },
  {
    command: '12',
    name: 'Checkout Response',
    fixed: itemTransaction,
    fields: ['AO', 'AA', 'AB', 'AJ', 'AH', 'BT', 'CI', 'BH', 'BV', 'CK', 'CH', 'BK', 'AF', 'AG'],
  },
  {
    command: '10',
    name: 'Checkin Response',
    fixed: [flag('ok'), flag('resensitize'), flag('magneticMedia'), flag('alert'), date('transactionDate')],
    // CR, CS, CT, CV, CY and DA are the 3M extensions sorters read (collection code, call number, hold details).
    fields: ['AO', 'AB', 'AQ', 'AJ', 'CL', 'AA', 'CK', 'CH', 'CR', 'CS', 'CT', 'CV', 'CY', 'DA', 'AF', 'AG'],
  },
  {
    command: '18',
    name: 'Item Information Response',
    fixed: [{ name: 'circulationStatus', width: 2 }, { name: 'securityMarker', width: 2 }, { name: 'feeType', width: 2 }, date('transactionDate')],
    fields: ['CF', 'AH', 'CJ', 'CM', 'AB', 'AJ', 'BG', 'BH', 'BV', 'CK', 'AQ', 'AP', 'CH', 'AF', 'AG'],
  },
  { command: '20', name: 'Item Status Update Response', fixed: [flag('itemPropertiesOk'), date('transactionDate')], fields: ['AB', 'AJ', 'CH', 'AF', 'AG'] },
  { command: '30', name: 'Renew Response', fixed: itemTransaction, fields: ['AO', 'AA', 'AB', 'AJ', 'AH', 'BT', 'CI', 'BH', 'BV', 'CK', 'CH', 'BK', 'AF', 'AG'] },
  {
    command: '66',
    name: 'Renew All Response',
    fixed: [flag('ok'), count('renewedCount'), count('unrenewedCount'), date('transactionDate')],
    fields: ['AO', 'BM', 'BN', 'AF', 'AG'],
  },
  { command: '38', name: 'Fee Paid Response', fixed: [flag('paymentAccepted'), date('transactionDate')], fields: ['AO', 'AA', 'BK', 'AF', 'AG'] },
  {
    command: '16',
    name: 'Hold Response',
    fixed: [flag('ok'), flag('available'), date('transactionDate')],
    fields: ['BW', 'BR', 'BS', 'AO', 'AA', 'AB', 'AJ', 'AF', 'AG'],
  },
  { command: '26', name: 'Patron Enable Response', fixed: [patronStatus, language, date('transactionDate')], fields: ['AO', 'AA', 'AE', 'BL', 'CQ', 'AF', 'AG'] },
  { command: '36', name: 'End Session Response', fixed: [flag('endSession'), date('transactionDate')], fields: ['AO', 'AA', 'AF', 'AG'] },
  { command: '96', name: 'Request SC Resend', fixed: [], fields: [] },
]);

/** Total width of a message's fixed part, counting optional fields. */
export function fixedLength(format: SipMessageFormat): number {
  return format.fixed.reduce((sum, field) => sum + field.width, 0);
}

/** The request commands in the order of the 98 response's BX field (SIP2 v2.00, ACS Status). */
export const supportedMessagesOrder = ['23', '11', '09', '01', '99', '97', '93', '63', '35', '37', '17', '19', '25', '15', '29', '65'] as const;

/** The 16-character BX field: Y for each request in `supported` (by command), N otherwise. */
export function supportedMessagesField(supported: ReadonlySet<string>): string {
  return supportedMessagesOrder.map((command) => (supported.has(command) ? 'Y' : 'N')).join('');
}

/** The 14 positions of the patron status field of 24, 26 and 64, in the standard's order. */
export const patronStatusFlags = [
  'chargePrivilegesDenied',
  'renewalPrivilegesDenied',
  'recallPrivilegesDenied',
  'holdPrivilegesDenied',
  'cardReportedLost',
  'tooManyItemsCharged',
  'tooManyItemsOverdue',
  'tooManyRenewals',
  'tooManyClaimsOfItemsReturned',
  'tooManyItemsLost',
  'excessiveOutstandingFines',
  'excessiveOutstandingFees',
  'recallOverdue',
  'tooManyItemsBilled',
] as const;

export type SipPatronStatusFlag = (typeof patronStatusFlags)[number];

/** The 14-character patron status: 'Y' where the condition holds, a space where it does not. */
export function patronStatusField(conditions: Partial<Record<SipPatronStatusFlag, boolean>>): string {
  return patronStatusFlags.map((name) => (conditions[name] ? 'Y' : ' ')).join('');
}

/** The lists a 63 summary field can ask for, by position; the standard allows one at a time. */
export const summaryLists = ['holdItems', 'overdueItems', 'chargedItems', 'fineItems', 'recallItems', 'unavailableHolds'] as const;

export type SipSummaryList = (typeof summaryLists)[number];

/** The list a 63 summary asks for (the first 'Y'), or undefined when it asks for none. */
export function requestedSummaryList(summary: string | undefined): SipSummaryList | undefined {
  const index = (summary ?? '').toUpperCase().indexOf('Y');
  return index >= 0 && index < summaryLists.length ? summaryLists[index] : undefined;
}

/**
 * What is wrong with a reply's layout against the standard (unknown response, wrong number or width of fixed
 * fields, field ids that are not two characters), or undefined when it is well formed. For handler tests.
 */
export function replyLayoutProblem(reply: { command: string; fixed: readonly string[]; fields: ReadonlyArray<readonly [string, unknown]> }): string | undefined {
  const format = responseFixedWidths[reply.command];
  if (!format) return `${reply.command} is not a response Carrel sends`;
  if (reply.fixed.length !== format.fixed.length) {
    return `${format.name} has ${format.fixed.length} fixed fields, the reply has ${reply.fixed.length}`;
  }
  for (const [index, field] of format.fixed.entries()) {
    const value = reply.fixed[index] ?? '';
    if (value.length !== field.width) return `${format.name} ${field.name} must be ${field.width} characters, not ${value.length} ("${value}")`;
  }
  const badId = reply.fields.find(([id]) => !/^[A-Z0-9]{2}$/.test(id));
  return badId ? `${format.name} has a field id "${badId[0]}" that is not two characters` : undefined;
}

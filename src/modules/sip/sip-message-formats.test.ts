import { describe, expect, it } from 'vitest';
import {
  fixedLength,
  patronStatusField,
  requestFormats,
  requestedSummaryList,
  responseFixedWidths,
  supportedMessagesField,
  supportedMessagesOrder,
} from './sip-message-formats.ts';

describe('SIP2 v2.00 message layouts', () => {
  it('covers every request Carrel serves and every response it sends', () => {
    expect(Object.keys(requestFormats).sort()).toEqual(
      ['01', '09', '11', '15', '17', '19', '23', '25', '29', '35', '37', '63', '65', '93', '97', '99'].sort(),
    );
    expect(Object.keys(responseFixedWidths).sort()).toEqual(
      ['10', '12', '16', '18', '20', '24', '26', '30', '36', '38', '64', '66', '94', '96', '98'].sort(),
    );
  });

  it.each([
    ['93', 2],
    ['99', 8],
    ['23', 21],
    ['63', 31],
    ['11', 38],
    ['09', 37],
    ['17', 18],
    ['19', 18],
    ['29', 38],
    ['65', 18],
    ['37', 25],
    ['15', 19],
    ['01', 19],
    ['25', 18],
    ['35', 18],
    ['97', 0],
  ])('request %s has a fixed part of %i characters', (command, length) => {
    expect(fixedLength(requestFormats[command]!)).toBe(length);
  });

  it.each([
    ['94', 1],
    ['98', 34],
    ['24', 35],
    ['64', 59],
    ['12', 22],
    ['10', 22],
    ['18', 24],
    ['20', 19],
    ['30', 22],
    ['66', 27],
    ['38', 19],
    ['16', 20],
    ['26', 35],
    ['36', 19],
    ['96', 0],
  ])('response %s has a fixed part of %i characters', (command, length) => {
    expect(fixedLength(responseFixedWidths[command]!)).toBe(length);
  });

  it('names the fixed fields in the standard order', () => {
    expect(requestFormats['11']!.fixed.map((field) => `${field.name}:${field.width}`)).toEqual([
      'scRenewalPolicy:1',
      'noBlock:1',
      'transactionDate:18',
      'nbDueDate:18',
    ]);
    expect(requestFormats['37']!.fixed.map((field) => field.name)).toEqual(['transactionDate', 'feeType', 'paymentType', 'currencyType']);
    expect(responseFixedWidths['66']!.fixed.map((field) => field.name)).toEqual(['ok', 'renewedCount', 'unrenewedCount', 'transactionDate']);
  });
});

describe('the BX supported-messages field', () => {
  it('lists the 16 requests in the standard order', () => {
    expect(supportedMessagesOrder).toHaveLength(16);
    expect(supportedMessagesField(new Set(Object.keys(requestFormats)))).toBe('YYYYYYYYYYYYYYYY');
    expect(supportedMessagesField(new Set())).toBe('NNNNNNNNNNNNNNNN');
  });

  it('marks a printing system that may check patrons and take payments', () => {
    // patron status, SC status, resend, login, patron info, end session, fee paid
    expect(supportedMessagesField(new Set(['23', '99', '97', '93', '63', '35', '37']))).toBe('YNNNYYYYYYNNNNNN');
  });

  it('puts checkout second and renew all last', () => {
    expect(supportedMessagesField(new Set(['11']))).toBe('NYNNNNNNNNNNNNNN');
    expect(supportedMessagesField(new Set(['65']))).toBe('NNNNNNNNNNNNNNNY');
  });
});

describe('patron status and summary', () => {
  it('builds the 14-character patron status', () => {
    expect(patronStatusField({})).toBe(' '.repeat(14));
    expect(patronStatusField({ chargePrivilegesDenied: true, excessiveOutstandingFines: true })).toBe('Y         Y   ');
  });

  it('reads which list a 63 summary asks for', () => {
    expect(requestedSummaryList('          ')).toBeUndefined();
    expect(requestedSummaryList('Y         ')).toBe('holdItems');
    expect(requestedSummaryList('  Y       ')).toBe('chargedItems');
    expect(requestedSummaryList('     Y    ')).toBe('unavailableHolds');
    expect(requestedSummaryList('       Y  ')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { bursarCsv, dollarsOf, type BursarLine } from './bursar-export.ts';

describe('the bursar export file', () => {
  it('writes amounts as dollars with two decimals', () => {
    expect(dollarsOf(0)).toBe('0.00');
    expect(dollarsOf(5)).toBe('0.05');
    expect(dollarsOf(1234)).toBe('12.34');
    expect(dollarsOf(100000)).toBe('1000.00');
    expect(dollarsOf(-250)).toBe('-2.50');
  });

  it('lays out the columns the library chose, header first, CRLF line ends', () => {
    const line: BursarLine = {
      feeId: 'f1',
      patronId: 'p1',
      externalId: null,
      barcode: '2900001',
      lastName: "O'Hara, Jr.",
      firstName: 'Scarlett',
      patronGroupCode: 'student',
      feeType: 'Overdue fine',
      amountCents: 1250,
      createdAt: '2026-01-02T03:04:05.000Z',
      description: 'said "late"',
    };
    expect(bursarCsv([line], ['barcode', 'lastName', 'amount', 'amountCents', 'externalId', 'description'])).toBe(
      'barcode,lastName,amount,amountCents,externalId,description\r\n2900001,"O\'Hara, Jr.",12.50,1250,,"said ""late"""\r\n',
    );
  });
});

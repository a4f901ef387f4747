import { describe, expect, it } from 'vitest';
import { buildReceipt, maskBarcode, receiptText, type ReceiptSource, type ReceiptSourceLine } from './receipt.policy.ts';

const payment: ReceiptSourceLine = {
  actionId: 'a1',
  kind: 'payment',
  amountCents: 500,
  balanceAfterCents: 0,
  method: 'cash',
  transactionReference: null,
  waiverReasonName: null,
  refundTo: null,
  occurredAt: '2026-10-05T16:00:00.000Z',
  feeTypeName: 'Overdue fine',
  feeDescription: null,
  itemTitle: 'Moby Dick',
};

function source(overrides: Partial<ReceiptSource> = {}): ReceiptSource {
  return {
    receiptNumber: 'batch-1',
    institutionName: 'Test College',
    currency: 'USD',
    timeZone: 'America/Los_Angeles',
    servicePointName: 'Main Circulation Desk',
    staffUsername: 'jdesk',
    patron: { firstName: 'Patricia', preferredFirstName: 'Pat', lastName: 'Reader', barcode: '29000012345678' },
    lines: [payment, { ...payment, actionId: 'a2', amountCents: 250, balanceAfterCents: 550, feeTypeName: 'Lost headphones', itemTitle: null }],
    patronBalanceCents: 550,
    ...overrides,
  };
}

describe('a fee receipt', () => {
  it('shows each fee’s share of one payment, the total and what the patron still owes', () => {
    const receipt = buildReceipt(source());
    expect(receipt.title).toBe('Payment receipt');
    expect(receipt.lines.map((line) => [line.feeTypeName, line.amountText, line.balanceAfterText])).toEqual([
      ['Overdue fine', '$5.00', '$0.00'],
      ['Lost headphones', '$2.50', '$5.50'],
    ]);
    expect(receipt).toMatchObject({ totalCents: 750, totalText: '$7.50', method: 'Cash', patronBalanceText: '$5.50', receiptNumber: 'batch-1' });
  });

  it('gives the time in the library’s time zone', () => {
    expect(buildReceipt(source()).occurredAtText).toBe('2026-10-05 09:00 PDT');
    expect(buildReceipt(source({ timeZone: 'America/New_York' })).occurredAtText).toBe('2026-10-05 12:00 EDT');
  });

  it('names the patron by preferred name and shows only the last four of the barcode', () => {
    const receipt = buildReceipt(source());
    expect(receipt.patronName).toBe('Pat Reader');
    expect(receipt.patronBarcodeText).toBe('••••5678');
    expect(receiptText(receipt)).not.toContain('29000012345678');
    expect(maskBarcode('123')).toBe('123');
  });

  it('says why a fee was waived and where a refund went', () => {
    const waiver = buildReceipt(source({ lines: [{ ...payment, kind: 'waiver', method: null, waiverReasonName: 'Patron hardship' }] }));
    expect(waiver).toMatchObject({ title: 'Waiver receipt', waiverReason: 'Patron hardship', method: null });
    expect(receiptText(waiver)).toContain('Waiver reason: Patron hardship');
    const refund = buildReceipt(source({ lines: [{ ...payment, kind: 'refund', method: null, refundTo: 'credit' }] }));
    expect(refund).toMatchObject({ title: 'Refund receipt', refundTarget: 'Kept as patron credit' });
  });

  it('lists the item and the amounts in the plain text', () => {
    const text = receiptText(buildReceipt(source()));
    expect(text).toContain('Item: Moby Dick');
    expect(text).toContain('Total: $7.50');
    expect(text).toContain('Remaining balance: $5.50');
    expect(text).toContain('Staff: jdesk');
  });
});

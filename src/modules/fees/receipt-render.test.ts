import { describe, expect, it } from 'vitest';
import { receiptHtml, receiptPdf } from './receipt-render.ts';
import { buildReceipt, type ReceiptSource } from './receipt.policy.ts';

const source: ReceiptSource = {
  receiptNumber: 'r-1',
  institutionName: 'Test <College> & Co',
  currency: 'USD',
  timeZone: 'America/Los_Angeles',
  servicePointName: 'Main Desk',
  staffUsername: 'jdesk',
  patron: { firstName: '<script>alert(1)</script>', preferredFirstName: null, lastName: "O'Brien", barcode: '1234567' },
  lines: [
    {
      actionId: 'a',
      kind: 'payment',
      amountCents: 1250,
      balanceAfterCents: 0,
      method: 'card',
      transactionReference: 'AUTH-1',
      waiverReasonName: null,
      refundTo: null,
      occurredAt: '2026-10-05T16:00:00Z',
      feeTypeName: 'Overdue fine',
      feeDescription: 'Late by 3 days',
      itemTitle: 'A long title & subtitle',
    },
  ],
  patronBalanceCents: 300,
};

describe('rendering a receipt', () => {
  it('escapes names and titles in the HTML', () => {
    const html = receiptHtml(buildReceipt(source));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien');
    expect(html).toContain('Test &lt;College&gt; &amp; Co');
    expect(html).toContain('$12.50');
    expect(html).toContain('size: 80mm');
  });

  it('makes an 80 mm PDF and a Letter PDF', async () => {
    const roll = await receiptPdf(buildReceipt(source));
    expect(roll.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(roll.toString('latin1')).toMatch(/MediaBox \[0 0 226\.77/);
    const letter = await receiptPdf(buildReceipt(source), 'letter');
    expect(letter.toString('latin1')).toMatch(/MediaBox \[0 0 612 792\]/);
  });
});

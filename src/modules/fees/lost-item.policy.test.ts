import { describe, expect, it } from 'vitest';
import { lostItemPolicySettingsSchema, type LostItemPolicySettings } from '../policies/index.ts';
import { chargesForLostItem, settlementForReturnedLostItem } from './lost-item.policy.ts';

function policy(settings: Partial<LostItemPolicySettings>): LostItemPolicySettings {
  return lostItemPolicySettingsSchema.parse(settings);
}

const standardLost = { chargeReplacementCost: true, defaultReplacementCents: 7500, processingFeeCents: 1500 } as const;

describe('chargesForLostItem', () => {
  it('charges the replacement cost and the processing fee when a book ages to lost', () => {
    const { lines, explanation } = chargesForLostItem({ policy: policy(standardLost), how: 'aged-to-lost', replacementCostCents: 4500 });
    expect(lines).toEqual([
      { feeType: 'lost-item-replacement', action: 'charge', amountCents: 4500, explanation: "Replacement: the item's replacement cost, $45.00." },
      { feeType: 'lost-item-processing', action: 'charge', amountCents: 1500, explanation: 'Processing fee: $15.00.' },
    ]);
    expect(explanation[0]).toBe('The item aged to lost.');
  });

  it('charges the same when the patron declares the item lost', () => {
    const declared = chargesForLostItem({ policy: policy(standardLost), how: 'declared-lost', replacementCostCents: 4500 });
    expect(declared.lines.map((line) => line.amountCents)).toEqual([4500, 1500]);
    expect(declared.explanation[0]).toBe('The patron declared the item lost.');
  });

  it("charges the policy's set amount when the item has no replacement cost", () => {
    const { lines } = chargesForLostItem({ policy: policy(standardLost), how: 'aged-to-lost', replacementCostCents: null });
    expect(lines[0]).toMatchObject({ feeType: 'lost-item-replacement', amountCents: 7500 });
    expect(lines[0]?.explanation).toContain('no replacement cost recorded');
  });

  it('charges a set amount whatever the item cost, when the policy says so', () => {
    const { lines } = chargesForLostItem({ policy: policy({ ...standardLost, chargeReplacementCost: false, defaultReplacementCents: 5000 }), how: 'aged-to-lost', replacementCostCents: 12000 });
    expect(lines[0]).toMatchObject({ amountCents: 5000, explanation: "Replacement: the policy's set amount, $50.00." });
  });

  it('charges no processing fee when the policy has none', () => {
    const { lines } = chargesForLostItem({ policy: policy({ ...standardLost, processingFeeCents: 0 }), how: 'aged-to-lost', replacementCostCents: 4500 });
    expect(lines.map((line) => line.feeType)).toEqual(['lost-item-replacement']);
  });
});

describe('settlementForReturnedLostItem', () => {
  const lostAt = new Date('2026-03-01T12:00:00Z');
  const charged = { lostAt, chargedReplacementCents: 4500, chargedProcessingCents: 1500, overdueFineCents: 1000 };
  const afterDays = (days: number) => new Date(lostAt.getTime() + days * 86_400_000);

  it('refunds the replacement and keeps the processing fee (the defaults)', () => {
    const { lines, explanation } = settlementForReturnedLostItem({ ...charged, policy: policy(standardLost), returnedAt: afterDays(10) });
    expect(lines).toEqual([{ feeType: 'lost-item-replacement', action: 'refund', amountCents: 4500, explanation: 'Replacement charge refunded: $45.00.' }]);
    expect(explanation).toContain('The processing fee is kept.');
    expect(explanation).toContain('No overdue fine is charged: this policy does not reinstate it.');
  });

  it('refunds the processing fee too when the policy says so', () => {
    const { lines } = settlementForReturnedLostItem({ ...charged, policy: policy({ ...standardLost, refundProcessingFeeWhenReturned: true }), returnedAt: afterDays(10) });
    expect(lines.map((line) => [line.feeType, line.action, line.amountCents])).toEqual([
      ['lost-item-replacement', 'refund', 4500],
      ['lost-item-processing', 'refund', 1500],
    ]);
  });

  it('keeps the replacement charge when the policy does not refund it', () => {
    const { lines, explanation } = settlementForReturnedLostItem({ ...charged, policy: policy({ ...standardLost, refundReplacementWhenReturned: false }), returnedAt: afterDays(10) });
    expect(lines).toEqual([]);
    expect(explanation).toContain('The replacement charge is kept: this policy does not refund it.');
  });

  it('reinstates the overdue fine when the policy says so', () => {
    const { lines } = settlementForReturnedLostItem({ ...charged, policy: policy({ ...standardLost, reinstateOverdueFineWhenReturned: true }), returnedAt: afterDays(10) });
    expect(lines).toContainEqual({ feeType: 'overdue-fine', action: 'reinstate', amountCents: 1000, explanation: 'Overdue fine reinstated: $10.00.' });
  });

  it('refunds on the last day of the refund time limit', () => {
    const { lines } = settlementForReturnedLostItem({ ...charged, policy: policy({ ...standardLost, refundTimeLimitDays: 90 }), returnedAt: afterDays(90.5) });
    expect(lines.map((line) => line.feeType)).toEqual(['lost-item-replacement']);
  });

  it('refunds and reinstates nothing after the refund time limit', () => {
    const { lines, explanation } = settlementForReturnedLostItem({
      ...charged,
      policy: policy({ ...standardLost, refundProcessingFeeWhenReturned: true, reinstateOverdueFineWhenReturned: true, refundTimeLimitDays: 90 }),
      returnedAt: afterDays(91),
    });
    expect(lines).toEqual([]);
    expect(explanation).toEqual(['The item came back 91 days after it was lost.', 'Nothing is refunded or reinstated: the refund time limit is 90 days.']);
  });

  it('always refunds when the policy has no time limit', () => {
    const { lines } = settlementForReturnedLostItem({ ...charged, policy: policy(standardLost), returnedAt: afterDays(1000) });
    expect(lines.map((line) => line.amountCents)).toEqual([4500]);
  });
});

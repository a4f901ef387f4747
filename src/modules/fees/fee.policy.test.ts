import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { allocatePayment, decideFeeAction, feeTotals, waiveAuthorityOf, type FeeActionContext, type LedgerAction, type ProposedFeeAction } from './fee.policy.ts';

const desk: FeeActionContext = { allowCredit: false, waiveAuthority: { kind: 'unlimited' }, creditAvailableCents: 0 };

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('the balance of a fee', () => {
  const cases: Array<{ story: string; original: number; actions: LedgerAction[]; balance: number }> = [
    { story: 'a new $10 fine', original: 1000, actions: [], balance: 1000 },
    { story: 'paid $4 of $10', original: 1000, actions: [{ kind: 'payment', amountCents: 400 }], balance: 600 },
    { story: 'paid $4, waived the rest', original: 1000, actions: [{ kind: 'payment', amountCents: 400 }, { kind: 'waiver', amountCents: 600 }], balance: 0 },
    { story: 'transferred to the bursar', original: 1000, actions: [{ kind: 'transfer', amountCents: 1000 }], balance: 0 },
    { story: 'cancelled $3 charged in error', original: 1000, actions: [{ kind: 'cancellation', amountCents: 300 }], balance: 700 },
    { story: 'raised by an adjustment', original: 1000, actions: [{ kind: 'adjustment', amountCents: 250 }], balance: 1250 },
    { story: 'lowered by an adjustment', original: 1000, actions: [{ kind: 'adjustment', amountCents: -1000 }], balance: 0 },
    { story: 'paid, then refunded to the patron: nothing owed', original: 1000, actions: [{ kind: 'payment', amountCents: 1000 }, { kind: 'refund', amountCents: 1000, refundTo: 'patron' }], balance: 0 },
    { story: 'paid, then refunded as credit: nothing owed', original: 1000, actions: [{ kind: 'payment', amountCents: 1000 }, { kind: 'refund', amountCents: 1000, refundTo: 'credit' }], balance: 0 },
    { story: 'paid by a cheque that bounced: owed again', original: 1000, actions: [{ kind: 'payment', amountCents: 1000 }, { kind: 'refund', amountCents: 1000, refundTo: 'balance' }], balance: 1000 },
  ];
  it.each(cases)('$story → $balance cents', ({ original, actions, balance }) => {
    expect(feeTotals(original, actions).balanceCents).toBe(balance);
  });
});

describe('deciding an action', () => {
  const owes = (original: number, actions: LedgerAction[] = []) => feeTotals(original, actions);
  const cases: Array<{ story: string; original: number; actions?: LedgerAction[]; proposed: ProposedFeeAction; context?: Partial<FeeActionContext>; outcome: string | number }> = [
    { story: 'a part payment', original: 1000, proposed: { kind: 'payment', amountCents: 300, method: 'cash' }, outcome: 700 },
    { story: 'payment in full', original: 1000, proposed: { kind: 'payment', amountCents: 1000, method: 'card' }, outcome: 0 },
    { story: 'paying more than owed', original: 1000, proposed: { kind: 'payment', amountCents: 1200, method: 'cash' }, outcome: 'FEE_OVERPAYMENT' },
    { story: 'paying more than owed where credit is allowed', original: 1000, proposed: { kind: 'payment', amountCents: 1200, method: 'cash' }, context: { allowCredit: true }, outcome: 0 },
    { story: 'paying a closed fee', original: 1000, actions: [{ kind: 'payment', amountCents: 1000 }], proposed: { kind: 'payment', amountCents: 1, method: 'cash' }, outcome: 'FEE_ALREADY_CLOSED' },
    { story: 'paying from credit the patron lacks', original: 1000, proposed: { kind: 'payment', amountCents: 500, method: 'credit' }, context: { creditAvailableCents: 200 }, outcome: 'PATRON_CREDIT_INSUFFICIENT' },
    { story: 'paying from credit', original: 1000, proposed: { kind: 'payment', amountCents: 500, method: 'credit' }, context: { creditAvailableCents: 500 }, outcome: 500 },
    { story: 'a zero payment', original: 1000, proposed: { kind: 'payment', amountCents: 0, method: 'cash' }, outcome: 'VALIDATION_FAILED' },
    { story: 'a fractional payment', original: 1000, proposed: { kind: 'payment', amountCents: 1.5, method: 'cash' }, outcome: 'VALIDATION_FAILED' },
    { story: 'waiving within the limit', original: 1000, proposed: { kind: 'waiver', amountCents: 500 }, context: { waiveAuthority: { kind: 'limited', maxCents: 500 } }, outcome: 500 },
    { story: 'waiving above the limit', original: 1000, proposed: { kind: 'waiver', amountCents: 501 }, context: { waiveAuthority: { kind: 'limited', maxCents: 500 } }, outcome: 'WAIVE_LIMIT_EXCEEDED' },
    { story: 'waiving without the permission', original: 1000, proposed: { kind: 'waiver', amountCents: 100 }, context: { waiveAuthority: { kind: 'none' } }, outcome: 'FORBIDDEN' },
    { story: 'waiving more than owed', original: 1000, proposed: { kind: 'waiver', amountCents: 1001 }, outcome: 'FEE_AMOUNT_EXCEEDS_BALANCE' },
    { story: 'waiving a closed fee', original: 1000, actions: [{ kind: 'waiver', amountCents: 1000 }], proposed: { kind: 'waiver', amountCents: 1 }, outcome: 'FEE_ALREADY_CLOSED' },
    { story: 'refunding what was paid', original: 1000, actions: [{ kind: 'payment', amountCents: 1000 }], proposed: { kind: 'refund', amountCents: 1000, refundTo: 'patron' }, outcome: 0 },
    { story: 'refunding more than was paid', original: 1000, actions: [{ kind: 'payment', amountCents: 400 }], proposed: { kind: 'refund', amountCents: 401, refundTo: 'patron' }, outcome: 'REFUND_EXCEEDS_PAID' },
    {
      story: 'refunding twice',
      original: 1000,
      actions: [{ kind: 'payment', amountCents: 400 }, { kind: 'refund', amountCents: 400, refundTo: 'patron' }],
      proposed: { kind: 'refund', amountCents: 1, refundTo: 'credit' },
      outcome: 'REFUND_EXCEEDS_PAID',
    },
    { story: 'refunding a waived fee', original: 1000, actions: [{ kind: 'waiver', amountCents: 1000 }], proposed: { kind: 'refund', amountCents: 1, refundTo: 'patron' }, outcome: 'REFUND_EXCEEDS_PAID' },
    { story: 'reversing a bounced payment', original: 1000, actions: [{ kind: 'payment', amountCents: 1000 }], proposed: { kind: 'refund', amountCents: 1000, refundTo: 'balance' }, outcome: 1000 },
    { story: 'transfer to the bursar', original: 1000, proposed: { kind: 'transfer', amountCents: 1000 }, outcome: 0 },
    { story: 'transfer of more than owed', original: 1000, proposed: { kind: 'transfer', amountCents: 1500 }, outcome: 'FEE_AMOUNT_EXCEEDS_BALANCE' },
    { story: 'cancelling a closed fee', original: 1000, actions: [{ kind: 'transfer', amountCents: 1000 }], proposed: { kind: 'cancellation', amountCents: 1 }, outcome: 'FEE_ALREADY_CLOSED' },
    { story: 'lowering by an adjustment below zero', original: 1000, proposed: { kind: 'adjustment', amountCents: -1001 }, outcome: 'FEE_AMOUNT_EXCEEDS_BALANCE' },
    { story: 'a fine reinstated on a closed fee', original: 1000, actions: [{ kind: 'waiver', amountCents: 1000 }], proposed: { kind: 'adjustment', amountCents: 300 }, outcome: 300 },
    { story: 'a zero adjustment', original: 1000, proposed: { kind: 'adjustment', amountCents: 0 }, outcome: 'VALIDATION_FAILED' },
  ];
  it.each(cases)('$story → $outcome', ({ original, actions, proposed, context, outcome }) => {
    const decide = () => decideFeeAction(owes(original, actions), proposed, { ...desk, ...context });
    if (typeof outcome === 'string') expect(codeOf(decide)).toBe(outcome);
    else expect(decide().balanceAfterCents).toBe(outcome);
  });

  it('keeps an overpayment as credit and applies only what is owed', () => {
    const decision = decideFeeAction(owes(1000), { kind: 'payment', amountCents: 1200, method: 'cash' }, { ...desk, allowCredit: true });
    expect(decision).toMatchObject({ amountCents: 1000, creditCents: 200, statusAfter: 'closed' });
  });

  it('spends credit when paying with it', () => {
    const decision = decideFeeAction(owes(1000), { kind: 'payment', amountCents: 300, method: 'credit' }, { ...desk, creditAvailableCents: 500 });
    expect(decision).toMatchObject({ amountCents: 300, creditCents: -300, statusAfter: 'open' });
  });

  it('names the permission needed above the waive limit', () => {
    try {
      decideFeeAction(owes(5000), { kind: 'waiver', amountCents: 5000 }, { ...desk, waiveAuthority: { kind: 'limited', maxCents: 2000 } });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ permission: 'fees.waive-unlimited', limitCents: 2000, amountCents: 5000 });
      expect((error as DomainError).message).toContain('fees.waive-unlimited');
    }
  });
});

describe('who may waive how much', () => {
  it.each([
    { role: 'student worker', permissions: ['fees.pay'], limit: null, authority: { kind: 'none' } },
    { role: 'technician with a limit set', permissions: ['fees.waive'], limit: 1500, authority: { kind: 'limited', maxCents: 1500 } },
    { role: 'technician with no limit set', permissions: ['fees.waive'], limit: null, authority: { kind: 'limited', maxCents: 2500 } },
    { role: 'supervisor', permissions: ['fees.waive', 'fees.waive-unlimited'], limit: 1500, authority: { kind: 'unlimited' } },
  ])('$role', ({ permissions, limit, authority }) => {
    expect(waiveAuthorityOf(new Set(permissions), limit)).toEqual(authority);
  });
});

describe('one payment across several fees', () => {
  const fees = [
    { id: 'b-lost-book', createdAt: '2026-03-01T10:00:00.000Z', balanceCents: 3000 },
    { id: 'a-old-fine', createdAt: '2026-01-15T10:00:00.000Z', balanceCents: 500 },
    { id: 'c-printing', createdAt: '2026-04-01T10:00:00.000Z', balanceCents: 200 },
  ];

  it('pays the oldest fees first', () => {
    expect(allocatePayment(fees, 1000)).toEqual({
      shares: [
        { feeId: 'a-old-fine', amountCents: 500 },
        { feeId: 'b-lost-book', amountCents: 500 },
      ],
      remainderCents: 0,
    });
  });

  it('pays the fees picked, in the order picked', () => {
    expect(allocatePayment(fees, 700, ['c-printing', 'a-old-fine'])).toEqual({
      shares: [
        { feeId: 'c-printing', amountCents: 200 },
        { feeId: 'a-old-fine', amountCents: 500 },
      ],
      remainderCents: 0,
    });
  });

  it('reports what is left over after every fee is paid', () => {
    expect(allocatePayment(fees, 4000).remainderCents).toBe(300);
  });

  it('refuses a fee that is not one of the patron’s open fees', () => {
    expect(codeOf(() => allocatePayment(fees, 100, ['someone-elses']))).toBe('FEE_NOT_FOUND');
  });

  it('refuses a payment when nothing is owed', () => {
    expect(codeOf(() => allocatePayment([], 100))).toBe('FEE_ALREADY_CLOSED');
  });
});

import { describe, expect, it } from 'vitest';
import { bookMaterialType, deskCheckOutFacts, deskNow, standardLoanPolicy } from '../../../test/support/check-out-facts.ts';
import { checkOutRefusals, type CheckOutFacts, type OpenLoanFacts } from './check-out.policy.ts';
import { overrideOutcome } from './refusal.policy.ts';
import { renewalRefusals } from './renewal.policy.ts';

const now = deskNow;
const book = bookMaterialType;
const standard = standardLoanPolicy;
const facts = deskCheckOutFacts;

const loan = (overrides: Partial<OpenLoanFacts> = {}): OpenLoanFacts => ({
  id: 'l', itemId: 'x', materialTypeId: book, loanPolicyId: 'standard', state: 'checked-out', dueAt: '2026-11-20T00:00:00Z', recalledAt: null, ...overrides,
});
const codes = (input: CheckOutFacts) => checkOutRefusals(input).map((entry) => entry.code);
const limits = { maxLoans: null, maxLoansPerMaterialType: {}, maxOverdueItems: null, maxOverdueRecalls: null, maxLostItems: null, maxFeeBalanceCents: null };

describe('check-out checks a librarian would expect', () => {
  it.each([
    ['a patron in good standing borrows a book on the shelf', facts(), []],
    ['a card that expired yesterday (local time)', facts({ patron: { id: 'p1', status: 'active', expiresOn: '2026-11-01', blocks: [] } }), ['PATRON_EXPIRED']],
    ['a card that expires today still works', facts({ patron: { id: 'p1', status: 'active', expiresOn: '2026-11-02', blocks: [] } }), []],
    ['max 2 loans: the third is refused', facts({ limits: { ...limits, maxLoans: 2 }, patronOpenLoans: [loan(), loan()] }), ['PATRON_MAX_LOANS']],
    ['max 2 loans: the second is fine', facts({ limits: { ...limits, maxLoans: 2 }, patronOpenLoans: [loan()] }), []],
    ['max 0 overdue: one overdue item blocks', facts({ limits: { ...limits, maxOverdueItems: 0 }, patronOpenLoans: [loan({ dueAt: '2026-11-01T00:00:00Z' })] }), ['PATRON_MAX_OVERDUE_ITEMS']],
    ['max 0 overdue: loans not yet due do not', facts({ limits: { ...limits, maxOverdueItems: 0 }, patronOpenLoans: [loan()] }), []],
    ['max 0 lost: a declared-lost loan blocks', facts({ limits: { ...limits, maxLostItems: 0 }, patronOpenLoans: [loan({ state: 'declared-lost' })] }), ['PATRON_MAX_LOST_ITEMS']],
    ['owing $25.00 with a $10.00 limit', facts({ limits: { ...limits, maxFeeBalanceCents: 1000 }, feeBalanceCents: 2500 }), ['PATRON_MAX_FEE_BALANCE']],
    ['owing exactly the limit is fine', facts({ limits: { ...limits, maxFeeBalanceCents: 1000 }, feeBalanceCents: 1000 }), []],
    ['a reference-only policy', facts({ loanPolicy: { ...standard, settings: { ...standard.settings, loanable: false } } }), ['ITEM_NOT_LOANABLE']],
    ['an item on loan to this patron', facts({ itemOpenLoan: { id: 'l9', patronId: 'p1', state: 'checked-out' } }), ['ITEM_ALREADY_ON_LOAN_TO_PATRON']],
    ['an item on loan to someone else', facts({ itemOpenLoan: { id: 'l9', patronId: 'p2', state: 'checked-out' } }), ['ITEM_ON_LOAN']],
    ['an item on a loan declared lost', facts({ itemOpenLoan: { id: 'l9', patronId: 'p2', state: 'declared-lost' } }), ['ITEM_LOST']],
    ['an item being repaired', facts({ item: { ...facts().item!, status: 'in-repair' } }), ['ITEM_UNAVAILABLE']],
  ])('%s', (_case, input, expected) => {
    expect(codes(input).sort()).toEqual([...expected].sort());
  });

  it('without patron and item, says both and nothing else', () => {
    expect(codes(facts({ patron: null, item: null, loanPolicy: null }))).toEqual(['PATRON_NOT_FOUND', 'ITEM_NOT_FOUND']);
  });
});

describe('overrides', () => {
  const expired = checkOutRefusals(facts({ patron: { id: 'p1', status: 'active', expiresOn: '2026-10-01', blocks: [] } }));
  const withdrawn = checkOutRefusals(facts({ item: { ...facts().item!, status: 'withdrawn' } }));
  it('proceeds for someone with circulation.override who gives a reason', () => {
    expect(overrideOutcome(expired, { reason: 'card renewal in progress' }, new Set(['circulation.override'])).kind).toBe('proceed');
  });
  it('asks for the permission from someone without it', () => {
    expect(overrideOutcome(expired, { reason: 'please' }, new Set()).kind).toBe('needs-permission');
  });
  it('refuses what cannot be overridden, whoever asks', () => {
    expect(overrideOutcome([...expired, ...withdrawn], { reason: 'please' }, new Set(['circulation.override'])).kind).toBe('refused');
  });
  it('refuses when no override was asked for', () => {
    expect(overrideOutcome(expired, undefined, new Set(['circulation.override'])).kind).toBe('refused');
  });
});

describe('renewal checks', () => {
  const base = {
    now,
    timeZone: 'America/Los_Angeles',
    loan: { status: 'open' as const, state: 'checked-out' as const, renewalCount: 0, recalledAt: null, dueAt: '2026-11-20T00:00:00Z' },
    patron: { id: 'p1', status: 'active' as const, expiresOn: null, blocks: [] },
    loanPolicy: standard,
    itemRequested: false,
    newDueAt: new Date('2026-12-11T00:00:00Z'),
  };
  const renewalCodes = (overrides: Partial<typeof base>) => renewalRefusals({ ...base, ...overrides }).map((entry) => entry.code);
  it('renews a loan in good standing', () => expect(renewalCodes({})).toEqual([]));
  it('stops at the maximum number of renewals', () => expect(renewalCodes({ loan: { ...base.loan, renewalCount: 2 } })).toEqual(['RENEWAL_LIMIT_REACHED']));
  it('stops when another patron requested the item', () => expect(renewalCodes({ itemRequested: true })).toEqual(['ITEM_REQUESTED']));
  it('does not renew a loan claimed returned', () => expect(renewalCodes({ loan: { ...base.loan, state: 'claimed-returned' } as never })).toEqual(['LOAN_NOT_CHECKED_OUT']));
  it('does not renew when the due date would not move later', () => expect(renewalCodes({ newDueAt: new Date('2026-11-19T00:00:00Z') })).toEqual(['RENEWAL_WOULD_NOT_EXTEND']));
});

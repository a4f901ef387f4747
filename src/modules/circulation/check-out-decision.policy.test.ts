import { describe, expect, it } from 'vitest';
import type { ServicePointCalendar } from '../org/index.ts';
import { loanPolicySettingsSchema } from '../policies/index.ts';
import { decideCheckOut, type CheckOutDecisionFacts } from './check-out-decision.policy.ts';
import type { CheckOutFacts } from './check-out.policy.ts';
import { deskCheckOutFacts } from '../../../test/support/check-out-facts.ts';

/** Lending at deskNow (Mon 2 Nov 2026, 09:00 in Los Angeles); the desk is open every day 09:00–21:00. */
const everyDay: ServicePointCalendar = {
  timeZone: 'America/Los_Angeles',
  hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '21:00' })),
  exceptions: [],
};
const threeWeeks = loanPolicySettingsSchema.parse({ loanPeriod: { kind: 'rolling', period: { amount: 3, unit: 'weeks' } } });
const termLoan = loanPolicySettingsSchema.parse({ loanPeriod: { kind: 'fixed', scheduleCode: 'FALL' } });
const limits = { maxLoans: 1, maxLoansPerMaterialType: {}, maxOverdueItems: null, maxOverdueRecalls: null, maxLostItems: null, maxFeeBalanceCents: null };
const openLoan = { id: 'l1', itemId: 'other', materialTypeId: 'book', loanPolicyId: 'standard', state: 'checked-out' as const, dueAt: '2026-11-20T08:00:00Z', recalledAt: null };

const checks = (overrides: Partial<CheckOutFacts> = {}): CheckOutFacts => deskCheckOutFacts({ loanPolicy: { id: 'standard', name: 'Standard loan', settings: threeWeeks }, ...overrides });

function facts(overrides: Partial<CheckOutDecisionFacts> = {}, checkOverrides: Partial<CheckOutFacts> = {}): CheckOutDecisionFacts {
  return {
    checks: checks(checkOverrides),
    dueAtSetByDesk: null,
    dueDate: { policy: threeWeeks, context: { calendar: everyDay, patronExpiresOn: null, fixedSchedules: {}, itemHasRequests: false } },
    offline: false,
    override: undefined,
    permissions: new Set(),
    ...overrides,
  };
}

const summary = (input: CheckOutDecisionFacts) => {
  const { refusals, due, outcome } = decideCheckOut(input);
  return { refusals: refusals.map((entry) => entry.code), dueAt: due?.dueAt.toISOString() ?? null, outcome: outcome.kind };
};

describe('what a check-out comes to', () => {
  it.each([
    ['a patron in good standing borrows a book for three weeks (Mon 23 Nov, end of day)', facts(), { refusals: [], dueAt: '2026-11-24T07:59:00.000Z', outcome: 'proceed' }],
    ['the desk sets the due date itself: the policy is not asked', facts({ dueAtSetByDesk: new Date('2026-12-18T08:00:00Z'), dueDate: null }), { refusals: [], dueAt: '2026-12-18T08:00:00.000Z', outcome: 'proceed' }],
    ['one loan allowed and one out: refused when nobody overrides', facts({}, { limits, patronOpenLoans: [openLoan] }), { refusals: ['PATRON_MAX_LOANS'], outcome: 'refused' }],
    [
      'a supervisor overrides the loan limit with a reason',
      facts({ override: { reason: 'exam week' }, permissions: new Set(['circulation.override']) }, { limits, patronOpenLoans: [openLoan] }),
      { refusals: ['PATRON_MAX_LOANS'], outcome: 'proceed' },
    ],
    ['a student worker asks to override without the permission', facts({ override: { reason: 'exam week' } }, { limits, patronOpenLoans: [openLoan] }), { refusals: ['PATRON_MAX_LOANS'], outcome: 'needs-permission' }],
    ['a kiosk offline loan already happened: the loan limit is accepted', facts({ offline: true }, { limits, patronOpenLoans: [openLoan] }), { refusals: ['PATRON_MAX_LOANS'], outcome: 'proceed' }],
    [
      'a kiosk offline loan of a book on loan to someone else still stands refused',
      facts({ offline: true }, { itemOpenLoan: { id: 'l2', patronId: 'p2', state: 'checked-out' } }),
      { refusals: ['ITEM_ON_LOAN'], outcome: 'refused' },
    ],
    [
      'a term loan when no term covers today: refused, and the desk may set a due date instead',
      facts({ dueDate: { policy: termLoan, context: { calendar: everyDay, patronExpiresOn: null, fixedSchedules: {}, itemHasRequests: false } } }),
      { dueAt: null, outcome: 'refused' },
    ],
  ] as const)('%s', (_case, input, expected) => {
    expect(summary(input)).toMatchObject(expected);
  });

  it('a due date that cannot be worked out says to set one at the desk', () => {
    const { refusals } = decideCheckOut(facts({ dueDate: { policy: termLoan, context: { calendar: everyDay, patronExpiresOn: null, fixedSchedules: {}, itemHasRequests: false } } }));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ overridable: false, details: { suggestion: 'set a due date' } });
  });
});

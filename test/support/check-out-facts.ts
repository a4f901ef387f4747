import { loanPolicySettingsSchema } from '../../src/modules/policies/index.ts';
import type { CheckOutFacts } from '../../src/modules/circulation/check-out.policy.ts';

/** Mon 2 Nov 2026, 09:00 in Los Angeles: when the check-out policy tables lend. */
export const deskNow = new Date('2026-11-02T17:00:00Z');
export const bookMaterialType = 'material-book';
export const standardLoanPolicy = { id: 'standard', name: 'Standard loan', settings: loanPolicySettingsSchema.parse({ loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } } }) };

/** An active patron with nothing out, owing nothing, borrowing an available book from the stacks under a 21-day loan. */
export function deskCheckOutFacts(overrides: Partial<CheckOutFacts> = {}): CheckOutFacts {
  return {
    now: deskNow,
    timeZone: 'America/Los_Angeles',
    patron: { id: 'p1', status: 'active', expiresOn: null, blocks: [] },
    patronOpenLoans: [],
    limits: null,
    feeBalanceCents: 0,
    item: { id: 'i1', status: 'available', materialTypeId: bookMaterialType, materialTypeName: 'book', locationActive: true, locationName: 'Stacks' },
    itemOpenLoan: null,
    loanPolicy: standardLoanPolicy,
    ...overrides,
  };
}

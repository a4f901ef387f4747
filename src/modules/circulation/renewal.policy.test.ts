import { describe, expect, it } from 'vitest';
import type { ServicePointCalendar } from '../org/index.ts';
import { dueDateForRenewal } from './due-date.policy.ts';
import { loanPolicySettingsSchema } from '../policies/index.ts';
import { decideRenewal, renewalRefusals, type RenewalFacts } from './renewal.policy.ts';

/**
 * Renewal checks as the desk sees them. The clock is Mon 2 Nov 2026 09:00 in Los Angeles
 * (17:00 UTC); the loan is due Fri 20 Nov and a renewal would make it due Fri 11 Dec.
 */
const now = new Date('2026-11-02T17:00:00Z');
const standard = (renewals: Record<string, unknown> = {}, more: Record<string, unknown> = {}) => ({
  name: 'Standard loan',
  settings: loanPolicySettingsSchema.parse({ loanPeriod: { kind: 'rolling', period: { amount: 3, unit: 'weeks' } }, renewals: { maxRenewals: 3, ...renewals }, ...more }),
});
const block = { reason: 'Damaged atlas', patronMessage: null, blocksBorrowing: true, blocksRenewals: true, expiresAt: null };

type FactsChanges = Partial<Omit<RenewalFacts, 'loan' | 'patron'>> & { loan?: Partial<RenewalFacts['loan']>; patron?: Partial<NonNullable<RenewalFacts['patron']>> | null };

function facts(overrides: FactsChanges = {}): RenewalFacts {
  const { loan, patron, ...rest } = overrides;
  return {
    now,
    timeZone: 'America/Los_Angeles',
    loan: { status: 'open', state: 'checked-out', renewalCount: 0, recalledAt: null, dueAt: '2026-11-21T07:59:00Z', ...loan },
    patron: patron === null ? null : { id: 'p1', status: 'active', expiresOn: null, blocks: [], ...patron },
    loanPolicy: standard(),
    itemRequested: false,
    newDueAt: new Date('2026-12-12T07:59:00Z'),
    ...rest,
  };
}

const codes = (input: RenewalFacts) => renewalRefusals(input).map((entry) => `${entry.code}${entry.overridable ? ' (staff may override)' : ''}`);

describe('renewal checks a librarian would expect', () => {
  it.each([
    ['a loan in good standing, never renewed, is renewed', facts(), []],
    ['renewed 2 of 3 times: the third renewal is allowed', facts({ loan: { renewalCount: 2 } }), []],
    ['renewal refused when the patron reached the renewal limit (3 of 3)', facts({ loan: { renewalCount: 3 } }), ['RENEWAL_LIMIT_REACHED (staff may override)']],
    ['a policy allowing 0 renewals refuses the first', facts({ loanPolicy: standard({ maxRenewals: 0 }) }), ['RENEWAL_LIMIT_REACHED (staff may override)']],
    ['a policy with no renewal limit renews the 50th time', facts({ loanPolicy: standard({ maxRenewals: null }), loan: { renewalCount: 50 } }), []],
    ['a policy that allows no renewals says so, not the limit', facts({ loanPolicy: standard({ allowed: false }), loan: { renewalCount: 3 } }), ['RENEWALS_NOT_ALLOWED (staff may override)']],
    ['a reference-only (not loanable) policy allows no renewals', facts({ loanPolicy: standard({}, { loanable: false }) }), ['RENEWALS_NOT_ALLOWED (staff may override)']],
    ['renewal refused when another patron requested the item and the policy blocks it', facts({ itemRequested: true }), ['ITEM_REQUESTED (staff may override)']],
    ['a request does not stop renewal when the policy lets requested items renew', facts({ itemRequested: true, loanPolicy: standard({ blockedWhenRequested: false }) }), []],
    ['a recalled item cannot be renewed', facts({ loan: { recalledAt: '2026-10-30T18:00:00Z' } }), ['ITEM_RECALLED (staff may override)']],
    ['a card that expired yesterday (Sun 1 Nov, local)', facts({ patron: { expiresOn: '2026-11-01' } }), ['PATRON_EXPIRED (staff may override)']],
    ['a card that expires today still renews', facts({ patron: { expiresOn: '2026-11-02' } }), []],
    ['at 18:00 Mon 2 Nov in Los Angeles (already Tue 3 Nov in UTC) a card expiring Mon 2 Nov still renews', facts({ now: new Date('2026-11-03T02:00:00Z'), patron: { expiresOn: '2026-11-02' } }), []],
    ['an inactive patron', facts({ patron: { status: 'inactive' } }), ['PATRON_INACTIVE (staff may override)']],
    ['a block that stops renewals', facts({ patron: { blocks: [block] } }), ['PATRON_BLOCKED (staff may override)']],
    ['a block that stops borrowing only does not stop renewals', facts({ patron: { blocks: [{ ...block, blocksRenewals: false }] } }), []],
    ['a renewal block that ended yesterday no longer applies', facts({ patron: { blocks: [{ ...block, expiresAt: '2026-11-01T17:00:00Z' }] } }), []],
    ['no patron on the loan (anonymised): only the loan and policy are checked', facts({ patron: null }), []],
    ['a loan declared lost cannot be renewed, whoever asks', facts({ loan: { state: 'declared-lost' } }), ['LOAN_NOT_CHECKED_OUT']],
    ['a loan claimed returned cannot be renewed, whoever asks', facts({ loan: { state: 'claimed-returned' } }), ['LOAN_NOT_CHECKED_OUT']],
    ['a returned loan says only that it has ended', facts({ loan: { status: 'closed', renewalCount: 3 }, itemRequested: true }), ['LOAN_CLOSED']],
    ['a renewal that gives the same due date (the card expires first) is refused', facts({ newDueAt: new Date('2026-11-21T07:59:00Z') }), ['RENEWAL_WOULD_NOT_EXTEND']],
    ['a renewal that would shorten the loan is refused', facts({ newDueAt: new Date('2026-11-14T07:59:00Z') }), ['RENEWAL_WOULD_NOT_EXTEND']],
    ['when the policy could not compute a due date, only the other checks apply', facts({ newDueAt: null }), []],
    [
      'every problem is listed at once: limit reached, card expired, item requested',
      facts({ loan: { renewalCount: 3 }, patron: { expiresOn: '2026-10-31' }, itemRequested: true }),
      ['RENEWAL_LIMIT_REACHED (staff may override)', 'PATRON_EXPIRED (staff may override)', 'ITEM_REQUESTED (staff may override)'],
    ],
  ])('%s', (_case, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('tells the desk how many renewals were used and how many the policy allows', () => {
    expect(renewalRefusals(facts({ loan: { renewalCount: 3 } }))).toEqual([
      {
        code: 'RENEWAL_LIMIT_REACHED',
        message: 'This loan has been renewed 3 times; Standard loan allows 3.',
        overridable: true,
        overridePermission: 'circulation.override',
        details: { renewalCount: 3, maxRenewals: 3 },
      },
    ]);
  });

  it('names the state of a loan that cannot be renewed in plain words', () => {
    expect(renewalRefusals(facts({ loan: { state: 'aged-to-lost' } }))[0]?.message).toBe('A loan that is aged to lost cannot be renewed.');
  });
});

describe('renewing an overdue loan', () => {
  // Due Sun 1 Nov 23:59, renewed Mon 16 Nov 09:00: two weeks overdue.
  const overdue = { dueAt: '2026-11-02T07:59:00Z' };
  const renewedAt = new Date('2026-11-16T17:00:00Z');

  it.each([
    ['renewed a full period from the renewal: allowed', '2026-12-08T07:59:00Z', []],
    ['a due date after the old one but already past would leave it overdue: refused, whoever asks', '2026-11-15T07:59:00Z', ['RENEWAL_WOULD_NOT_EXTEND']],
    ['a due date of exactly now is already past: refused', '2026-11-16T17:00:00Z', ['RENEWAL_WOULD_NOT_EXTEND']],
  ])('%s', (_case, newDueAt, expected) => {
    expect(codes(facts({ now: renewedAt, loan: overdue, newDueAt: new Date(newDueAt) }))).toEqual(expected);
  });

  it('says the due date would already have passed', () => {
    expect(renewalRefusals(facts({ now: renewedAt, loan: overdue, newDueAt: new Date('2026-11-15T07:59:00Z') }))[0]).toMatchObject({
      message: 'Renewing would give a due date that has already passed.',
      details: { dueAt: '2026-11-02T07:59:00Z', renewedDueAt: '2026-11-15T07:59:00.000Z' },
    });
  });

  it('an overdue loan renewed is due a full period from the renewal, never in the past, and the renewal is allowed', () => {
    const everyDay: ServicePointCalendar = {
      timeZone: 'America/Los_Angeles',
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '21:00' })),
      exceptions: [],
    };
    const policy = standard({ renewFrom: 'due-date' });
    const renewal = dueDateForRenewal(policy.settings, new Date(overdue.dueAt), renewedAt, { calendar: everyDay, patronExpiresOn: null, fixedSchedules: {}, itemHasRequests: false });
    // three weeks from Mon 16 Nov is Mon 7 Dec, 23:59 local; counted from the old due date it would be Sun 22 Nov
    expect(renewal.dueAt.toISOString()).toBe('2026-12-08T07:59:00.000Z');
    expect(codes(facts({ now: renewedAt, loan: overdue, loanPolicy: policy, newDueAt: renewal.dueAt }))).toEqual([]);
  });
});

describe('what a renewal comes to', () => {
  const everyDay: ServicePointCalendar = {
    timeZone: 'America/Los_Angeles',
    hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '21:00' })),
    exceptions: [],
  };
  const dueDate = { context: { calendar: everyDay, patronExpiresOn: null, fixedSchedules: {}, itemHasRequests: false } };
  const checksOf = (changes: FactsChanges = {}) => {
    const { newDueAt: _newDueAt, ...checks } = facts(changes);
    return checks;
  };
  const supervisor = new Set(['circulation.override']);

  it.each([
    ['a loan due Fri 20 Nov renewed early is due three weeks after that (Fri 11 Dec), no fine to settle', checksOf(), undefined, new Set<string>(), { outcome: 'proceed', dueAt: '2026-12-12T07:59:00.000Z', settlesFine: false }],
    ['a loan two weeks overdue: renewed from today, its fine settled first', checksOf({ now: new Date('2026-11-16T17:00:00Z'), loan: { dueAt: '2026-11-02T07:59:00Z' } }), undefined, new Set<string>(), { outcome: 'proceed', dueAt: '2026-12-08T07:59:00.000Z', settlesFine: true }],
    ['renewed 3 of 3 times: refused', checksOf({ loan: { renewalCount: 3 } }), undefined, new Set<string>(), { outcome: 'refused' }],
    ['renewed 3 of 3 times: a supervisor overrides with a reason', checksOf({ loan: { renewalCount: 3 } }), { reason: 'thesis deadline' }, supervisor, { outcome: 'proceed' }],
    ['renewed 3 of 3 times: a student worker may not override', checksOf({ loan: { renewalCount: 3 } }), { reason: 'thesis deadline' }, new Set<string>(), { outcome: 'needs-permission' }],
    ['a lost loan: nobody overrides', checksOf({ loan: { state: 'declared-lost' } }), { reason: 'found it' }, supervisor, { outcome: 'refused' }],
  ] as const)('%s', (_case, checks, override, permissions, expected) => {
    const decision = decideRenewal({ checks, dueDate, override, permissions });
    expect({ outcome: decision.outcome.kind, dueAt: decision.due?.dueAt.toISOString(), settlesFine: decision.settlesFine }).toMatchObject(expected);
  });

  it('a term loan when no term covers today: refused, not overridable, with no due date', () => {
    const term = standard({}, { loanPeriod: { kind: 'fixed', scheduleCode: 'FALL' } });
    const decision = decideRenewal({ checks: checksOf({ loanPolicy: term }), dueDate, override: { reason: 'term ended' }, permissions: supervisor });
    expect(decision.due).toBeNull();
    expect(decision.outcome).toMatchObject({ kind: 'refused', refusals: [{ overridable: false }] });
  });
});

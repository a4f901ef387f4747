import { describe, expect, it } from 'vitest';
import { noticePolicySettingsSchema } from '../policies/index.ts';
import type { MatchableRule } from '../circulation/index.ts';
import { accountExpiringIsDue, feeChargeIsNoticed, holdExpiringIsDue, noticeEntryOf, openingHoursText, patronOnlyRuleOf } from './notice-kinds.policy.ts';

const zone = 'America/Los_Angeles';
const policy = noticePolicySettingsSchema.parse({
  notices: [{ kind: 'hold-expiring' }, { kind: 'account-expiring', offset: { amount: 7, unit: 'days' } }, { kind: 'fee-charged', feeTypeKinds: ['manual'] }],
});

describe('when the other notices are due', () => {
  it('sends nothing for a kind the policy does not list', () => {
    expect(noticeEntryOf(policy, 'hold-available')).toBeNull();
  });

  it('warns of an expiring hold from a day before the deadline until it passes', () => {
    const entry = noticeEntryOf(policy, 'hold-expiring')!;
    const deadline = new Date('2026-12-09T04:00:00Z');
    expect(holdExpiringIsDue(deadline, entry, new Date('2026-12-08T03:59:00Z'), zone)).toBe(false);
    expect(holdExpiringIsDue(deadline, entry, new Date('2026-12-08T15:00:00Z'), zone)).toBe(true);
    expect(holdExpiringIsDue(deadline, entry, new Date('2026-12-09T04:00:00Z'), zone)).toBe(false);
  });

  it('warns of an expiring account from the offset before the expiry date through that day', () => {
    const entry = noticeEntryOf(policy, 'account-expiring')!;
    expect(accountExpiringIsDue('2026-11-10', entry, new Date('2026-11-02T15:00:00Z'), zone)).toBe(false);
    expect(accountExpiringIsDue('2026-11-10', entry, new Date('2026-11-03T15:00:00Z'), zone)).toBe(true);
    expect(accountExpiringIsDue('2026-11-10', entry, new Date('2026-11-11T07:59:00Z'), zone)).toBe(true);
    expect(accountExpiringIsDue('2026-11-10', entry, new Date('2026-11-11T08:00:00Z'), zone)).toBe(false);
  });

  it('announces only the fee kinds listed (all when none are)', () => {
    expect(feeChargeIsNoticed(noticeEntryOf(policy, 'fee-charged')!, 'manual')).toBe(true);
    expect(feeChargeIsNoticed(noticeEntryOf(policy, 'fee-charged')!, 'overdue-fine')).toBe(false);
    expect(feeChargeIsNoticed({ ...noticeEntryOf(policy, 'fee-charged')!, feeTypeKinds: null }, 'overdue-fine')).toBe(true);
  });
});

describe('the rule for a notice about the patron alone', () => {
  const rule = (name: string, criteria: Partial<MatchableRule>): MatchableRule => ({
    id: name, name, isFallback: false, patronGroupId: null, materialTypeId: null, loanTypeId: null, locationId: null, libraryId: null, campusId: null, ...criteria,
  });
  const rules = [rule('fallback', { isFallback: true }), rule('faculty', { patronGroupId: 'faculty' }), rule('faculty dvds', { patronGroupId: 'faculty', materialTypeId: 'dvd' })];

  it('takes the group’s item-free rule, else the fallback', () => {
    expect(patronOnlyRuleOf(rules, 'faculty')?.name).toBe('faculty');
    expect(patronOnlyRuleOf(rules, 'student')?.name).toBe('fallback');
  });
});

describe('opening hours in a hold notice', () => {
  it('lists each day until the deadline, closed days included', () => {
    const calendar = { timeZone: zone, hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '20:00' })), exceptions: [] };
    expect(openingHoursText(calendar, new Date('2026-12-05T17:00:00Z'), new Date('2026-12-08T04:00:00Z'))).toBe('Sat 5 Dec: 08:00–20:00; Sun 6 Dec: closed; Mon 7 Dec: 08:00–20:00');
  });
});

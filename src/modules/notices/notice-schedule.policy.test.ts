import { describe, expect, it } from 'vitest';
import { noticePolicySettingsSchema } from '../circulation/policy-settings.ts';
import { dueLoanNotices, nextAttemptAfterFailure } from './notice-schedule.policy.ts';

const zone = 'America/New_York';
const policy = noticePolicySettingsSchema.parse({
  notices: [
    { kind: 'courtesy', offset: { amount: 2, unit: 'days' } },
    { kind: 'overdue', repeatEvery: { amount: 7, unit: 'days' }, maxRepeats: 2 },
    { kind: 'recall' },
  ],
});
const loan = { loanId: 'L1', dueAt: new Date('2026-10-22T03:59:59Z'), recalledAt: null };
const keysOn = (at: string, recalledAt: Date | null = null) => dueLoanNotices({ ...loan, recalledAt }, policy, new Date(at), zone).map((notice) => notice.eventKey);

describe('which loan notices are due', () => {
  it('sends nothing early, a courtesy notice in the last two days and none once due', () => {
    expect(keysOn('2026-10-19T12:00:00Z')).toEqual([]);
    expect(keysOn('2026-10-20T12:00:00Z')).toEqual(['courtesy:L1:2026-10-22T03:59:59.000Z']);
  });

  it('sends overdue notices after the due date and every seven days, at most two repeats', () => {
    expect(keysOn('2026-10-22T11:00:00Z')).toEqual(['overdue:L1:2026-10-22T03:59:59.000Z:0']);
    expect(keysOn('2026-10-28T11:00:00Z')).toEqual(['overdue:L1:2026-10-22T03:59:59.000Z:0']);
    expect(keysOn('2026-10-29T11:00:00Z')).toEqual(['overdue:L1:2026-10-22T03:59:59.000Z:1']);
    expect(keysOn('2026-11-05T12:00:00Z')).toEqual(['overdue:L1:2026-10-22T03:59:59.000Z:2']);
    expect(keysOn('2026-12-30T12:00:00Z')).toEqual(['overdue:L1:2026-10-22T03:59:59.000Z:2']);
  });

  it('sends a recall notice once per recall', () => {
    expect(keysOn('2026-10-10T12:00:00Z', new Date('2026-10-09T15:00:00Z'))).toEqual(['recall:L1:2026-10-09T15:00:00.000Z']);
  });

  it('backs off longer after each failure and gives up after six', () => {
    const now = new Date('2026-10-10T12:00:00Z');
    expect(nextAttemptAfterFailure(1, now)).toEqual(new Date('2026-10-10T12:15:00Z'));
    expect(nextAttemptAfterFailure(2, now)).toEqual(new Date('2026-10-10T13:00:00Z'));
    expect(nextAttemptAfterFailure(5, now)).toEqual(new Date('2026-10-11T12:00:00Z'));
    expect(nextAttemptAfterFailure(6, now)).toBeNull();
  });
});

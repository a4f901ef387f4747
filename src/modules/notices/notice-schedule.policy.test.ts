import { describe, expect, it } from 'vitest';
import { noticePolicySettingsSchema } from '../policies/index.ts';
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

  it.each([
    // repeat every 7 days with "Most repeats" left blank: no limit, one more notice each week while overdue
    { maxRepeats: null, on: '2026-10-22T11:00:00Z', notice: 0 },
    { maxRepeats: null, on: '2026-10-29T11:00:00Z', notice: 1 },
    { maxRepeats: null, on: '2026-11-05T12:00:00Z', notice: 2 },
    { maxRepeats: null, on: '2026-11-12T12:00:00Z', notice: 3 },
    // 52 weeks after the first notice is the end of 20 October 2027, New York time
    { maxRepeats: null, on: '2027-10-20T11:00:00Z', notice: 51 },
    { maxRepeats: null, on: '2027-10-21T11:00:00Z', notice: 52 },
    // a limit of none: only the first overdue notice
    { maxRepeats: 0, on: '2026-11-12T12:00:00Z', notice: 0 },
    { maxRepeats: 3, on: '2026-11-12T12:00:00Z', notice: 3 },
    { maxRepeats: 3, on: '2027-10-22T11:00:00Z', notice: 3 },
  ])('with most repeats $maxRepeats, on $on the latest overdue notice due is number $notice', ({ maxRepeats, on, notice }) => {
    const weekly = noticePolicySettingsSchema.parse({ notices: [{ kind: 'overdue', repeatEvery: { amount: 7, unit: 'days' }, maxRepeats }] });
    expect(dueLoanNotices(loan, weekly, new Date(on), zone).map((due) => due.eventKey)).toEqual([`overdue:L1:2026-10-22T03:59:59.000Z:${notice}`]);
  });

  it('sends one overdue notice only when it does not repeat, whatever the most repeats', () => {
    const once = noticePolicySettingsSchema.parse({ notices: [{ kind: 'overdue', maxRepeats: null }] });
    expect(dueLoanNotices(loan, once, new Date('2027-01-10T12:00:00Z'), zone).map((due) => due.eventKey)).toEqual(['overdue:L1:2026-10-22T03:59:59.000Z:0']);
  });

  it('repeats hourly without limit for a loan overdue for a year', () => {
    const hourly = noticePolicySettingsSchema.parse({ notices: [{ kind: 'overdue', repeatEvery: { amount: 1, unit: 'hours' }, maxRepeats: null }] });
    // 22 Oct 2026 03:59:59Z to 22 Oct 2027 03:59:59Z is 365 days: 8760 hours
    expect(dueLoanNotices(loan, hourly, new Date('2027-10-22T04:30:00Z'), zone).map((due) => due.eventKey)).toEqual(['overdue:L1:2026-10-22T03:59:59.000Z:8760']);
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

import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import type { WaiveAuthority } from '../fees/index.ts';
import { checkBackdating } from './backdated-check-in.policy.ts';

// Thursday 3 December 2026, 09:00 at a desk in Los Angeles
const now = new Date('2026-12-03T17:00:00Z');
const desk = 'America/Los_Angeles';
const checkInOnly = new Set(['circulation.check-in']);
const mayBackdate = new Set(['circulation.check-in', 'circulation.backdate-check-in']);
const limited: WaiveAuthority = { kind: 'limited', maxCents: 100 };

interface Case {
  story: string;
  returnedAt: string;
  forgivenCents: number;
  permissions: ReadonlySet<string>;
  waive: WaiveAuthority;
  outcome: 'allowed' | 'BACKDATE_PERMISSION_REQUIRED' | 'BACKDATE_EXCEEDS_WAIVE_LIMIT';
}

const cases: Case[] = [
  { story: 'earlier today, even if it lowers an hourly fine', returnedAt: '2026-12-03T08:30:00Z', forgivenCents: 300, permissions: checkInOnly, waive: { kind: 'none' }, outcome: 'allowed' },
  { story: 'yesterday, nothing overdue (book drop)', returnedAt: '2026-12-03T07:59:00Z', forgivenCents: 0, permissions: checkInOnly, waive: { kind: 'none' }, outcome: 'allowed' },
  { story: '3 days back (Monday), nothing overdue', returnedAt: '2026-11-30T08:00:00Z', forgivenCents: 0, permissions: checkInOnly, waive: { kind: 'none' }, outcome: 'allowed' },
  { story: '4 days back (Sunday), nothing overdue', returnedAt: '2026-11-30T07:59:00Z', forgivenCents: 0, permissions: checkInOnly, waive: { kind: 'none' }, outcome: 'BACKDATE_PERMISSION_REQUIRED' },
  { story: 'yesterday, taking 25 cents off the fine', returnedAt: '2026-12-03T07:59:00Z', forgivenCents: 25, permissions: checkInOnly, waive: limited, outcome: 'BACKDATE_PERMISSION_REQUIRED' },
  { story: 'with the permission, 4 days back, nothing overdue', returnedAt: '2026-11-29T17:00:00Z', forgivenCents: 0, permissions: mayBackdate, waive: { kind: 'none' }, outcome: 'allowed' },
  { story: 'with the permission, forgiving $1.00 of a $1.00 waive limit', returnedAt: '2026-12-01T17:00:00Z', forgivenCents: 100, permissions: mayBackdate, waive: limited, outcome: 'allowed' },
  { story: 'with the permission, forgiving $1.01 of a $1.00 waive limit', returnedAt: '2026-12-01T17:00:00Z', forgivenCents: 101, permissions: mayBackdate, waive: limited, outcome: 'BACKDATE_EXCEEDS_WAIVE_LIMIT' },
  { story: 'with the permission but no right to waive', returnedAt: '2026-12-01T17:00:00Z', forgivenCents: 25, permissions: mayBackdate, waive: { kind: 'none' }, outcome: 'BACKDATE_EXCEEDS_WAIVE_LIMIT' },
  { story: 'with the permission and unlimited waiving, $50 forgiven', returnedAt: '2026-11-01T17:00:00Z', forgivenCents: 5000, permissions: mayBackdate, waive: { kind: 'unlimited' }, outcome: 'allowed' },
];

describe('who may backdate a check-in', () => {
  it.each(cases)('$story: $outcome', ({ returnedAt, forgivenCents, permissions, waive, outcome }) => {
    const attempt = () => checkBackdating({ now, returnedAt: new Date(returnedAt), timeZone: desk, permissions }, forgivenCents, waive);
    if (outcome === 'allowed') expect(attempt).not.toThrow();
    else expect(attempt).toThrow(expect.objectContaining({ code: outcome }));
  });

  it('says what it would forgive and the limit', () => {
    try {
      checkBackdating({ now, returnedAt: new Date('2026-12-01T17:00:00Z'), timeZone: desk, permissions: mayBackdate }, 250, limited);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toBe("Backdating to 2026-12-01 takes $2.50 off the fine, more than the $1.00 you may waive. Check it in with today's date, or ask a supervisor.");
      expect((error as DomainError).details).toEqual({ field: 'returnedAt', returnedOn: '2026-12-01', forgivenCents: 250, limitCents: 100 });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { auditRetentionCutoff } from './audit-retention.policy.ts';

describe('which audit events are old enough to delete', () => {
  const now = new Date('2026-12-03T03:00:00Z');
  it.each([
    { retentionDays: 730, cutoff: '2024-12-03T03:00:00.000Z' },
    { retentionDays: 365, cutoff: '2025-12-03T03:00:00.000Z' },
    { retentionDays: 1, cutoff: '2026-12-02T03:00:00.000Z' },
    { retentionDays: 0, cutoff: null },
    { retentionDays: null, cutoff: null },
  ])('kept for $retentionDays days: deleted when older than $cutoff', ({ retentionDays, cutoff }) => {
    expect(auditRetentionCutoff(now, retentionDays)?.toISOString() ?? null).toBe(cutoff);
  });
});

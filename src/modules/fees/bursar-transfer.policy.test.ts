import { describe, expect, it } from 'vitest';
import { bursarCriteriaOf, bursarFileNameOf, isEligibleForBursar } from './bursar-transfer.policy.ts';

const now = new Date('2026-10-05T16:00:00Z');

describe('which fees go to the bursar', () => {
  const rules = [
    { patronGroupId: 'student', minAgeDays: 30, enabled: true },
    { patronGroupId: 'faculty', minAgeDays: 60, enabled: false },
  ];

  it('takes the enabled groups at their own age, or every group at an age given for the run', () => {
    expect(bursarCriteriaOf(rules, ['student', 'faculty', 'staff'])).toEqual({ student: 30 });
    expect(bursarCriteriaOf(rules, ['student', 'faculty'], 10)).toEqual({ student: 10, faculty: 10 });
  });

  it('sends open fees old enough, of a group sent, not already exported', () => {
    const criteria = { student: 30 };
    const fee = { patronGroupId: 'student', createdAt: '2026-09-05T16:00:00Z', balanceCents: 500, alreadyExported: false };
    expect(isEligibleForBursar(fee, criteria, now)).toBe(true);
    expect(isEligibleForBursar({ ...fee, createdAt: '2026-09-05T16:00:01Z' }, criteria, now)).toBe(false);
    expect(isEligibleForBursar({ ...fee, patronGroupId: 'faculty' }, criteria, now)).toBe(false);
    expect(isEligibleForBursar({ ...fee, balanceCents: 0 }, criteria, now)).toBe(false);
    expect(isEligibleForBursar({ ...fee, alreadyExported: true }, criteria, now)).toBe(false);
  });

  it('names the file after the batch instant', () => {
    expect(bursarFileNameOf(now)).toBe('bursar-20261005-160000.csv');
  });
});

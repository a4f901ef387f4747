import { describe, expect, it } from 'vitest';
import { undoCheckOutRefusal, type UndoCheckOutFacts } from './undo-check-out.policy.ts';

const loanedAt = '2026-11-02T17:00:00.000Z';
const dueAt = '2026-11-24T07:59:00.000Z';
const base: UndoCheckOutFacts = {
  now: new Date(loanedAt),
  loan: { status: 'open', state: 'checked-out', loanedAt, dueAt, originalDueAt: dueAt, renewalCount: 0, recalledAt: null },
  checkedOutBy: 'maria',
  overridden: [],
  feeCount: 0,
  noticeCount: 0,
  staffId: 'maria',
  mayOverride: false,
};
const secondsLater = (seconds: number) => new Date(new Date(loanedAt).getTime() + seconds * 1000);
const reasonOf = (changes: Partial<UndoCheckOutFacts>) => undoCheckOutRefusal({ ...base, ...changes })?.reason ?? 'allowed';

describe('undoing a check-out at the desk', () => {
  it.each([
    ['at once', 0, 'allowed'],
    ['after 30 seconds', 30, 'allowed'],
    ['after exactly a minute', 60, 'allowed'],
    ['after 61 seconds', 61, 'too-late'],
    ['an hour later', 3600, 'too-late'],
  ])('by the staff member who lent it, %s: %s', (_when, seconds, expected) => {
    expect(reasonOf({ now: secondsLater(seconds) })).toBe(expected);
  });

  it.each<[string, Partial<UndoCheckOutFacts>, string]>([
    ['a renewed loan', { loan: { ...base.loan, renewalCount: 1 } }, 'renewed'],
    ['a loan whose due date was changed', { loan: { ...base.loan, dueAt: '2026-12-01T07:59:00.000Z' } }, 'due-date-changed'],
    ['a recalled loan', { loan: { ...base.loan, recalledAt: loanedAt } }, 'due-date-changed'],
    ['a returned loan', { loan: { ...base.loan, status: 'closed', state: 'returned' } }, 'loan-ended'],
    ['a loan declared lost', { loan: { ...base.loan, state: 'declared-lost' } }, 'loan-ended'],
    ['a loan with a fee on it', { feeCount: 1 }, 'fee-charged'],
    ['a loan a notice went out about', { noticeCount: 1 }, 'notice-sent'],
    ['a check-out that took an item held for someone else', { overridden: ['ITEM_AWAITING_PICKUP_FOR_OTHER'] }, 'item-status-overridden'],
    ['a check-out that overrode the patron limit only', { overridden: ['PATRON_MAX_LOANS'] }, 'allowed'],
  ])('refuses or allows %s', (_case, changes, expected) => {
    expect(reasonOf(changes)).toBe(expected);
  });

  it('lets only the staff member who lent it, or someone who may override, undo it', () => {
    expect(reasonOf({ staffId: 'sam' })).toBe('not-yours');
    expect(reasonOf({ staffId: 'sam', mayOverride: true })).toBe('allowed');
    expect(reasonOf({ checkedOutBy: null, staffId: 'sam' })).toBe('not-yours');
  });

  it('says why in one sentence', () => {
    expect(undoCheckOutRefusal({ ...base, now: secondsLater(61) })?.message).toBe('A check-out can be undone only within a minute; check the item in instead.');
  });
});

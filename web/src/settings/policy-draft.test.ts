import { describe, expect, it } from 'vitest';
import { draftOfSettings, settingsOfPolicyDraft, type DateRangeDraft, type NoticeDraft } from './policy-draft.ts';
import { policyShapes } from './policy-shapes.ts';

const loan = policyShapes['loan-policy'];

describe('a policy form built from the settings shape', () => {
  it('reads a 21-day loan policy into fields and back to the same settings', () => {
    const settings = {
      loanable: true,
      loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } },
      closedDayRule: 'end-of-next-open-day',
      dayLoanDueTime: 'end-of-day',
      itemLimit: null,
      renewals: { allowed: true, maxRenewals: 2, renewFrom: 'due-date', period: null, blockedWhenRequested: true },
      recalls: { minimumGuaranteedPeriod: null, returnInterval: { amount: 3, unit: 'days' } },
      holds: { alternateLoanPeriod: null },
    };
    const draft = draftOfSettings(loan, settings, 2);
    expect(draft['loanPeriod.period.amount']).toBe('21');
    expect(draft['renewals.maxRenewals']).toBe('2');
    expect(draft['recalls.minimumGuaranteedPeriod.amount']).toBe('');
    expect(settingsOfPolicyDraft(loan, draft, 2)).toEqual({ settings, problems: [] });
  });

  it('names the fields that cannot be read as the server names them', () => {
    const draft = draftOfSettings(loan, { loanable: true, loanPeriod: { kind: 'rolling', period: { amount: 21, unit: 'days' } } }, 2);
    const read = settingsOfPolicyDraft(loan, { ...draft, 'loanPeriod.period.amount': '0', itemLimit: 'many' }, 2);
    expect(read.settings).toBeUndefined();
    expect(read.problems.map((problem) => problem.field)).toEqual(['settings.loanPeriod.period.amount', 'settings.itemLimit']);
  });

  it('turns blank limits into "no limit" and money into cents', () => {
    const lost = policyShapes['lost-item-policy'];
    const draft = draftOfSettings(lost, {}, 2);
    const read = settingsOfPolicyDraft(lost, { ...draft, processingFeeCents: '5.00', refundTimeLimitDays: '' }, 2);
    expect(read.settings).toMatchObject({ processingFeeCents: 500, refundTimeLimitDays: null, agedToLostAfter: null });
  });

  it('keeps the notices of a notice policy as rows', () => {
    const notice = policyShapes['notice-policy'];
    const draft = draftOfSettings(notice, { notices: [{ kind: 'overdue', offset: { amount: 1, unit: 'days' }, repeatEvery: { amount: 7, unit: 'days' }, maxRepeats: 3, templateCode: null }] }, 2);
    expect((draft.notices as NoticeDraft[])[0]).toMatchObject({ kind: 'overdue', offsetAmount: '1', repeatAmount: '7', maxRepeats: '3' });
    expect(settingsOfPolicyDraft(notice, draft, 2).settings).toEqual({ notices: [{ kind: 'overdue', offset: { amount: 1, unit: 'days' }, repeatEvery: { amount: 7, unit: 'days' }, maxRepeats: 3, templateCode: null }] });
  });

  it('reads a semester schedule into date ranges and refuses ranges that are out of order or overlap', () => {
    const schedule = policyShapes['fixed-due-date-schedule'];
    const entries = [
      { from: '2026-01-12', to: '2026-05-01', due: '2026-05-15' },
      { from: '2026-05-02', to: '2026-08-14', due: '2026-08-21' },
    ];
    const draft = draftOfSettings(schedule, { entries }, 2);
    expect(settingsOfPolicyDraft(schedule, draft, 2)).toEqual({ settings: { entries }, problems: [] });

    const dueBeforeLastDay = [entries[0], { from: '2026-05-02', to: '2026-08-14', due: '2026-08-01' }];
    expect(settingsOfPolicyDraft(schedule, { entries: dueBeforeLastDay as DateRangeDraft[] }, 2).problems).toEqual([
      { field: 'settings.entries.1', message: 'In range 2 the last day must not be before the first, nor the due date before the last day.' },
    ]);
    const overlapping = [entries[0], { from: '2026-04-20', to: '2026-08-14', due: '2026-08-21' }];
    expect(settingsOfPolicyDraft(schedule, { entries: overlapping as DateRangeDraft[] }, 2).problems.map((problem) => problem.message)).toEqual([
      'Range 2 overlaps range 1: a day of lending may fall in one range only.',
    ]);
    expect(settingsOfPolicyDraft(schedule, { entries: [{ from: '2026-01-12', to: '', due: '' }] }, 2).problems[0]?.message).toBe('Range 1 needs all three dates.');
    expect(settingsOfPolicyDraft(schedule, { entries: [] }, 2).settings).toBeUndefined();
  });
});

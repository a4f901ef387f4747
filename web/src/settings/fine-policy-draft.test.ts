import { describe, expect, it } from 'vitest';
import { newFinePolicyDraft, parseMoneyOrZero, problemsOfReply, settingsOfDraft } from './fine-policy-draft.ts';

describe('the fine policy form as typed', () => {
  it('reads zero as no fine or no maximum, and refuses what is not money', () => {
    expect(parseMoneyOrZero('', 2)).toBe(0);
    expect(parseMoneyOrZero('0.00', 2)).toBe(0);
    expect(parseMoneyOrZero('$0.25', 2)).toBe(25);
    expect(parseMoneyOrZero('-1', 2)).toBeUndefined();
    expect(parseMoneyOrZero('abc', 2)).toBeUndefined();
  });

  it('turns $0.25 a day with a 2-hour grace period into settings', () => {
    const { settings, problems } = settingsOfDraft({ ...newFinePolicyDraft, amount: '0.25', graceUnit: 'hours', grace: '2', recallRate: true, recallAmount: '1.00' }, 2);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ amountCents: 25, interval: 1, intervalUnit: 'days', graceDays: 0, graceHours: 2, maxFineCents: 0, recall: { amountCents: 100, maxFineCents: 0 } });
  });

  it('names each field that cannot be read, as the server names it', () => {
    const { settings, problems } = settingsOfDraft({ ...newFinePolicyDraft, amount: 'lots', interval: '0' }, 2);
    expect(settings).toBeUndefined();
    expect(problems.map((problem) => problem.field)).toEqual(['settings.amountCents', 'settings.interval']);
  });

  it("reads the server's validation details, request fields included", () => {
    expect(problemsOfReply([{ field: 'body.code', message: 'bad' }, { field: 'settings.graceHours', message: 'both' }])).toEqual([
      { field: 'code', message: 'bad' },
      { field: 'settings.graceHours', message: 'both' },
    ]);
    expect(problemsOfReply({ field: 'code', code: 'x' })).toEqual([{ field: 'code', message: '' }]);
    expect(problemsOfReply(undefined)).toEqual([]);
  });
});

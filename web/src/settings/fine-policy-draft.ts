import type { FinePolicy, FinePolicyInput, FinePolicySettings } from '../api/settings-queries.ts';
import { moneyEntryOf, parseMoneyEntry } from '../fees/money-entry.ts';
import { t } from '../i18n/translate.ts';

/** The fine policy form as typed: text for numbers and money, so half-typed values are kept. */
export interface FinePolicyDraft {
  code: string;
  name: string;
  amount: string;
  interval: string;
  intervalUnit: 'hours' | 'days';
  chargeAt: 'start' | 'end';
  graceUnit: 'days' | 'hours';
  grace: string;
  graceCountsOnceExceeded: boolean;
  maxFine: string;
  capAtReplacementCost: boolean;
  countClosedDays: boolean;
  recallRate: boolean;
  recallAmount: string;
  recallMaxFine: string;
  forgiveOnRenewal: boolean;
}

/** A problem with one field, named as the server names it ('settings.amountCents'). */
export interface FieldProblem {
  field: string;
  message: string;
}

export const newFinePolicyDraft: FinePolicyDraft = {
  code: '',
  name: '',
  amount: '0.00',
  interval: '1',
  intervalUnit: 'days',
  chargeAt: 'end',
  graceUnit: 'days',
  grace: '0',
  graceCountsOnceExceeded: false,
  maxFine: '0.00',
  capAtReplacementCost: true,
  countClosedDays: false,
  recallRate: false,
  recallAmount: '0.00',
  recallMaxFine: '0.00',
  forgiveOnRenewal: false,
};

export function draftOfPolicy(policy: FinePolicy, minorDigits: number): FinePolicyDraft {
  const settings = policy.settings;
  const money = (cents: number | undefined) => moneyEntryOf(cents ?? 0, minorDigits);
  return {
    code: policy.code,
    name: policy.name,
    amount: money(settings.amountCents),
    interval: String(settings.interval ?? 1),
    intervalUnit: settings.intervalUnit ?? 'days',
    chargeAt: settings.chargeAt ?? 'end',
    graceUnit: settings.graceHours > 0 ? 'hours' : 'days',
    grace: String(settings.graceHours > 0 ? settings.graceHours : (settings.graceDays ?? 0)),
    graceCountsOnceExceeded: Boolean(settings.graceCountsOnceExceeded),
    maxFine: money(settings.maxFineCents),
    capAtReplacementCost: settings.capAtReplacementCost ?? true,
    countClosedDays: Boolean(settings.countClosedDays),
    recallRate: settings.recall !== null && settings.recall !== undefined,
    recallAmount: money(settings.recall?.amountCents),
    recallMaxFine: money(settings.recall?.maxFineCents),
    forgiveOnRenewal: Boolean(settings.forgiveOnRenewal),
  };
}

/** Money where zero is allowed (a free policy, no maximum): blank and "0.00" are 0. */
export function parseMoneyOrZero(text: string, minorDigits: number): number | undefined {
  if (/^\p{Sc}?\s*0*(\.0*)?$/u.test(text.trim())) return 0;
  return parseMoneyEntry(text, minorDigits);
}

function wholeNumberOf(text: string, minimum: number): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value >= minimum ? value : undefined;
}

/** The settings the draft stands for, or the fields that cannot be read yet. */
export function settingsOfDraft(draft: FinePolicyDraft, minorDigits: number): { settings?: FinePolicySettings; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const money = (text: string, field: string) => {
    const cents = parseMoneyOrZero(text, minorDigits);
    if (cents === undefined) problems.push({ field, message: t('settings.moneyInvalid') });
    return cents ?? 0;
  };
  const amountCents = money(draft.amount, 'settings.amountCents');
  const interval = wholeNumberOf(draft.interval, 1);
  if (interval === undefined) problems.push({ field: 'settings.interval', message: t('settings.intervalInvalid') });
  const graceText = draft.grace.trim() || '0';
  const grace = draft.graceUnit === 'days' ? wholeNumberOf(graceText, 0) : /^\d*(\.\d+)?$/.test(graceText) ? Number(graceText) : undefined;
  if (grace === undefined) problems.push({ field: draft.graceUnit === 'days' ? 'settings.graceDays' : 'settings.graceHours', message: t('settings.graceInvalid') });
  const maxFineCents = money(draft.maxFine, 'settings.maxFineCents');
  const recall = draft.recallRate ? { amountCents: money(draft.recallAmount, 'settings.recall.amountCents'), maxFineCents: money(draft.recallMaxFine, 'settings.recall.maxFineCents') } : null;
  if (problems.length > 0) return { problems };
  return {
    problems,
    settings: {
      amountCents,
      interval: interval ?? 1,
      intervalUnit: draft.intervalUnit,
      chargeAt: draft.chargeAt,
      graceDays: draft.graceUnit === 'days' ? (grace ?? 0) : 0,
      graceHours: draft.graceUnit === 'hours' ? (grace ?? 0) : 0,
      graceCountsOnceExceeded: draft.graceCountsOnceExceeded,
      maxFineCents,
      capAtReplacementCost: draft.capAtReplacementCost,
      countClosedDays: draft.countClosedDays,
      recall,
      forgiveOnRenewal: draft.forgiveOnRenewal,
    },
  };
}

export function inputOfDraft(draft: FinePolicyDraft, settings: FinePolicySettings): FinePolicyInput {
  return { code: draft.code.trim(), name: draft.name.trim(), settings };
}

/** The server's VALIDATION_FAILED details (or DUPLICATE_CODE's field), named as the form names them. */
export function problemsOfReply(details: unknown): FieldProblem[] {
  const list = Array.isArray(details) ? details : details && typeof details === 'object' && 'field' in details ? [details] : [];
  return list
    .filter((entry): entry is { field: string; message?: string } => Boolean(entry) && typeof (entry as { field?: unknown }).field === 'string')
    .map((entry) => ({ field: entry.field.replace(/^body\./, ''), message: entry.message ?? '' }));
}

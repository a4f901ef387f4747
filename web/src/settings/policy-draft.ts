import { moneyEntryOf } from '../fees/money-entry.ts';
import { t } from '../i18n/translate.ts';
import { parseMoneyOrZero, type FieldProblem } from './fine-policy-draft.ts';
import type { SettingGroup, SettingShape } from './policy-shapes.ts';

export interface NoticeDraft {
  kind: string;
  offsetAmount: string;
  offsetUnit: string;
  repeatAmount: string;
  repeatUnit: string;
  maxRepeats: string;
  templateCode: string;
}

/** One line of a fixed due date schedule: loans made from..to (local dates) are due on `due`. */
export interface DateRangeDraft {
  from: string;
  to: string;
  due: string;
}

export type DraftValue = string | boolean | string[] | NoticeDraft[] | DateRangeDraft[];
/** A policy form as typed, keyed by setting path ('renewals.maxRenewals', 'loanPeriod.period.amount'). */
export type PolicyDraft = Record<string, DraftValue>;

type Period = { amount: number; unit: string } | null | undefined;

function valueAt(settings: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), settings);
}

function putAt(settings: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = settings;
  for (const part of parts.slice(0, -1)) {
    node[part] = (node[part] as Record<string, unknown> | undefined) ?? {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function shapesOf(groups: SettingGroup[]): SettingShape[] {
  return groups.flatMap((group) => group.settings);
}

export function draftOfSettings(groups: SettingGroup[], settings: Record<string, unknown>, minorDigits: number): PolicyDraft {
  const draft: PolicyDraft = {};
  for (const shape of shapesOf(groups)) {
    const value = valueAt(settings, shape.path);
    switch (shape.kind) {
      case 'boolean':
        draft[shape.path] = Boolean(value);
        break;
      case 'whole':
        draft[shape.path] = value === null || value === undefined ? '' : String(value);
        break;
      case 'money':
        draft[shape.path] = moneyEntryOf(Number(value ?? 0), minorDigits);
        break;
      case 'choice':
        draft[shape.path] = String(value ?? shape.choices[0]);
        break;
      case 'choices':
        draft[shape.path] = Array.isArray(value) ? value.map(String) : [];
        break;
      case 'codes':
        draft[shape.path] = Array.isArray(value) ? value.join(', ') : '';
        break;
      case 'period': {
        const period = value as Period;
        draft[`${shape.path}.amount`] = period ? String(period.amount) : '';
        draft[`${shape.path}.unit`] = period?.unit ?? 'days';
        break;
      }
      case 'loan-period': {
        const loanPeriod = value as { kind: string; period?: Period; scheduleCode?: string } | undefined;
        draft['loanPeriod.kind'] = loanPeriod?.kind ?? 'rolling';
        draft['loanPeriod.period.amount'] = loanPeriod?.period ? String(loanPeriod.period.amount) : '';
        draft['loanPeriod.period.unit'] = loanPeriod?.period?.unit ?? 'days';
        draft['loanPeriod.scheduleCode'] = loanPeriod?.scheduleCode ?? '';
        break;
      }
      case 'notices': {
        const notices = (Array.isArray(value) ? value : []) as { kind: string; offset: Period; repeatEvery: Period; maxRepeats: number | null; templateCode: string | null }[];
        draft[shape.path] = notices.map((notice) => ({
          kind: notice.kind,
          offsetAmount: notice.offset ? String(notice.offset.amount) : '',
          offsetUnit: notice.offset?.unit ?? 'days',
          repeatAmount: notice.repeatEvery ? String(notice.repeatEvery.amount) : '',
          repeatUnit: notice.repeatEvery?.unit ?? 'days',
          maxRepeats: notice.maxRepeats === null || notice.maxRepeats === undefined ? '' : String(notice.maxRepeats),
          templateCode: notice.templateCode ?? '',
        }));
        break;
      }
      case 'date-ranges': {
        const entries = (Array.isArray(value) ? value : []) as Partial<DateRangeDraft>[];
        draft[shape.path] = entries.map((entry) => ({ from: entry.from ?? '', to: entry.to ?? '', due: entry.due ?? '' }));
        break;
      }
    }
  }
  return draft;
}

function wholeOf(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** The settings the draft stands for, or the fields (named as the server names them) that cannot be read. */
export function settingsOfPolicyDraft(groups: SettingGroup[], draft: PolicyDraft, minorDigits: number): { settings?: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const settings: Record<string, unknown> = {};
  const text = (key: string) => String(draft[key] ?? '');
  const period = (key: string, blankAllowed: boolean): Period => {
    const amount = text(`${key}.amount`).trim();
    if (!amount && blankAllowed) return null;
    const whole = wholeOf(amount);
    if (whole === undefined || whole < 1) {
      problems.push({ field: `settings.${key}.amount`, message: t('settingsArea.wholeAtLeastOne') });
      return null;
    }
    return { amount: whole, unit: text(`${key}.unit`) };
  };
  for (const shape of shapesOf(groups)) {
    switch (shape.kind) {
      case 'boolean':
        putAt(settings, shape.path, Boolean(draft[shape.path]));
        break;
      case 'whole': {
        const typed = text(shape.path).trim();
        const whole = wholeOf(typed);
        if (typed && whole === undefined) problems.push({ field: `settings.${shape.path}`, message: t('settingsArea.wholeNumber') });
        putAt(settings, shape.path, typed ? (whole ?? 0) : null);
        break;
      }
      case 'money': {
        const cents = parseMoneyOrZero(text(shape.path), minorDigits);
        if (cents === undefined) problems.push({ field: `settings.${shape.path}`, message: t('settings.moneyInvalid') });
        putAt(settings, shape.path, cents ?? 0);
        break;
      }
      case 'choice':
        putAt(settings, shape.path, text(shape.path));
        break;
      case 'choices':
        putAt(settings, shape.path, draft[shape.path] as string[]);
        break;
      case 'codes': {
        const codes = text(shape.path).split(',').map((code) => code.trim()).filter(Boolean);
        putAt(settings, shape.path, codes.length > 0 ? codes : null);
        break;
      }
      case 'period':
        putAt(settings, shape.path, period(shape.path, true));
        break;
      case 'loan-period':
        if (text('loanPeriod.kind') === 'fixed') putAt(settings, 'loanPeriod', { kind: 'fixed', scheduleCode: text('loanPeriod.scheduleCode').trim() });
        else if (draft.loanable || text('loanPeriod.period.amount').trim()) putAt(settings, 'loanPeriod', { kind: 'rolling', period: period('loanPeriod.period', false) });
        break;
      case 'notices':
        putAt(
          settings,
          shape.path,
          (draft[shape.path] as NoticeDraft[]).map((notice, index) => {
            const repeats = notice.maxRepeats.trim();
            if (repeats && wholeOf(repeats) === undefined) problems.push({ field: `settings.notices.${index}.maxRepeats`, message: t('settingsArea.wholeNumber') });
            const noticePeriod = (amount: string, unit: string, field: string): Period => {
              if (!amount.trim()) return null;
              const whole = wholeOf(amount);
              if (!whole) problems.push({ field: `settings.notices.${index}.${field}`, message: t('settingsArea.wholeAtLeastOne') });
              return { amount: whole ?? 1, unit };
            };
            return {
              kind: notice.kind,
              offset: noticePeriod(notice.offsetAmount, notice.offsetUnit, 'offset'),
              repeatEvery: noticePeriod(notice.repeatAmount, notice.repeatUnit, 'repeatEvery'),
              maxRepeats: repeats ? (wholeOf(repeats) ?? 0) : null,
              templateCode: notice.templateCode.trim() || null,
            };
          }),
        );
        break;
      case 'date-ranges':
        putAt(settings, shape.path, dateRangesOf(draft[shape.path] as DateRangeDraft[], shape.path, problems));
        break;
    }
  }
  return problems.length > 0 ? { problems } : { settings, problems };
}

const localDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The schedule's date ranges, each with from ≤ to ≤ due as the server requires. Overlapping ranges
 * are refused here too: the first range that covers a day would win without anyone seeing why.
 */
function dateRangesOf(entries: DateRangeDraft[], path: string, problems: FieldProblem[]): DateRangeDraft[] {
  if (entries.length === 0) problems.push({ field: `settings.${path}`, message: t('settingsArea.schedule.needsRange') });
  entries.forEach((entry, index) => {
    const field = `settings.${path}.${index}`;
    const number = index + 1;
    if (![entry.from, entry.to, entry.due].every((date) => localDate.test(date))) {
      problems.push({ field, message: t('settingsArea.schedule.datesMissing', { number }) });
      return;
    }
    if (entry.from > entry.to || entry.to > entry.due) {
      problems.push({ field, message: t('settingsArea.schedule.datesOutOfOrder', { number }) });
      return;
    }
    const overlapped = entries.findIndex((other, at) => at < index && localDate.test(other.from) && localDate.test(other.to) && other.from <= entry.to && entry.from <= other.to);
    if (overlapped >= 0) problems.push({ field, message: t('settingsArea.schedule.overlaps', { number, other: overlapped + 1 }) });
  });
  return entries.map((entry) => ({ from: entry.from, to: entry.to, due: entry.due }));
}

export const newDateRange: DateRangeDraft = { from: '', to: '', due: '' };

export const newNotice: NoticeDraft = { kind: 'overdue', offsetAmount: '1', offsetUnit: 'days', repeatAmount: '', repeatUnit: 'days', maxRepeats: '', templateCode: '' };

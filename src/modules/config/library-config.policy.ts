import type { CalendarException, WeeklyHours } from '../org/index.ts';
import {
  policySectionNames, weekdayCodes,
  type CalendarEntry, type ExceptionEntry, type HoursEntry, type LibraryConfig, type RuleEntry,
} from './library-config.schema.ts';

/**
 * What applying a configuration file would do, decided before anything is written: every
 * cross-reference checked (codes the file or the institution already has), then each entry
 * compared with what the institution has now. Entries the file leaves out are left alone.
 */

export type CompleteLibraryConfig = Required<Omit<LibraryConfig, 'version'>> & { version: 1 };

export interface CurrentConfigState {
  config: CompleteLibraryConfig;
  fallbackRuleName: string | null;
}

export const configSections = [
  { section: 'campuses', label: 'campuses' },
  { section: 'libraries', label: 'libraries' },
  { section: 'patronGroups', label: 'patron groups' },
  { section: 'materialTypes', label: 'material types' },
  { section: 'loanTypes', label: 'loan types' },
  { section: 'servicePoints', label: 'service points' },
  { section: 'locations', label: 'shelving locations' },
  { section: 'calendars', label: 'service point calendars' },
  { section: 'fixedDueDateSchedules', label: 'fixed due date schedules' },
  { section: 'loanPolicies', label: 'loan policies' },
  { section: 'requestPolicies', label: 'request policies' },
  { section: 'overdueFinePolicies', label: 'overdue fine policies' },
  { section: 'lostItemPolicies', label: 'lost item policies' },
  { section: 'noticePolicies', label: 'notice policies' },
  { section: 'circulationRules', label: 'circulation rules' },
  { section: 'patronGroupLimits', label: 'patron group limits' },
] as const;
export type SectionName = (typeof configSections)[number]['section'];

/** How an entry is keyed: by code, a calendar by its service point, a rule by name, limits by patron group. */
export function keyOf(section: SectionName, entry: unknown): string {
  const record = entry as Record<string, string>;
  if (section === 'calendars') return record.servicePoint as string;
  if (section === 'circulationRules') return record.name as string;
  if (section === 'patronGroupLimits') return record.patronGroup as string;
  return record.code as string;
}

function entriesOf(config: LibraryConfig, section: SectionName): unknown[] {
  return (config[section] as unknown[] | undefined) ?? [];
}

// ---- calendars: the file groups weekdays with the same hours; the database keeps one row per weekday.

export function weekdayOf(day: (typeof weekdayCodes)[number]): number {
  return weekdayCodes.indexOf(day) + 1;
}

export function hoursRowsOf(entries: readonly HoursEntry[]): WeeklyHours[] {
  return entries.flatMap((entry) =>
    entry.days.map((day) => ({ weekday: weekdayOf(day), opensAt: entry.opens, closesAt: entry.closes, validFrom: entry.validFrom, validTo: entry.validTo })),
  );
}

/** Weekdays with identical hours together, in weekday order: `{ days: [monday, tuesday], opens: '08:00', closes: '17:00' }`. */
export function hoursEntriesOf(rows: readonly WeeklyHours[]): HoursEntry[] {
  const sorted = [...rows].sort((a, b) => a.weekday - b.weekday || (a.opensAt < b.opensAt ? -1 : a.opensAt > b.opensAt ? 1 : 0));
  const groups = new Map<string, HoursEntry>();
  for (const row of sorted) {
    const key = JSON.stringify([row.opensAt, row.closesAt, row.validFrom ?? null, row.validTo ?? null]);
    const day = weekdayCodes[row.weekday - 1] as (typeof weekdayCodes)[number];
    const group = groups.get(key);
    if (group) {
      if (!group.days.includes(day)) group.days.push(day);
    } else {
      groups.set(key, { days: [day], opens: row.opensAt, closes: row.closesAt, validFrom: row.validFrom ?? null, validTo: row.validTo ?? null });
    }
  }
  return [...groups.values()];
}

export function exceptionOf(entry: ExceptionEntry): CalendarException {
  const closed = entry.opens === null && entry.closes === null;
  return { name: entry.name, kind: closed ? 'closed' : 'special-hours', startDate: entry.from, endDate: entry.to, opensAt: entry.opens, closesAt: entry.closes };
}

// ---- comparison

/** JSON with object keys sorted, so two equal entries always print the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The fields of an entry as they are compared (policy settings count as fields of their own). */
function comparableFields(section: SectionName, entry: Record<string, unknown>): Record<string, unknown> {
  if (section === 'calendars') {
    const calendar = entry as unknown as CalendarEntry;
    const rows = hoursRowsOf(calendar.hours).map((row) => canonical(row)).sort();
    const exceptions = calendar.exceptions.map((exception) => canonical(exception)).sort();
    return { hours: rows, exceptions };
  }
  if (section === 'servicePoints' && Array.isArray(entry.locationsServed)) return { ...entry, locationsServed: [...new Set(entry.locationsServed as string[])].sort() };
  if ((policySectionNames as string[]).includes(section)) {
    const { settings, ...rest } = entry as { settings: Record<string, unknown> };
    return { ...rest, ...settings };
  }
  return entry;
}

function changedFields(section: SectionName, fileEntry: Record<string, unknown>, currentEntry: Record<string, unknown>): string[] {
  const written = comparableFields(section, fileEntry);
  const current = comparableFields(section, currentEntry);
  return Object.keys(written).filter((field) => written[field] !== undefined && canonical(written[field]) !== canonical(current[field]));
}

// ---- the plan

export interface SectionChange {
  section: SectionName;
  label: string;
  created: string[];
  updated: { key: string; fields: string[] }[];
  unchanged: number;
}

export interface ConfigPlan {
  /** the file with every rule's policies filled in from the fallback rule */
  config: LibraryConfig;
  changes: SectionChange[];
  /** set when the institution's fallback rule is renamed to the file's fallback rule */
  fallbackRenamedFrom: string | null;
}

const rulePolicyFields = ['loanPolicy', 'requestPolicy', 'overdueFinePolicy', 'lostItemPolicy', 'noticePolicy'] as const;

/** Rules leaving out a policy take the fallback rule's: the file's, or else the institution's. */
export function withRulePolicies(config: LibraryConfig, current: CurrentConfigState): LibraryConfig {
  if (!config.circulationRules) return config;
  const fallback = config.circulationRules.find((rule) => rule.fallback) ?? current.config.circulationRules.find((rule) => rule.fallback);
  const circulationRules = config.circulationRules.map((rule) => {
    const filled: RuleEntry = { ...rule };
    for (const field of rulePolicyFields) filled[field] ??= fallback?.[field];
    return filled;
  });
  return { ...config, circulationRules };
}

/** The institution's rule a rule of the file is written over, if any (the fallback over the fallback, whatever its name). */
export function currentRuleFor(rule: RuleEntry, current: CurrentConfigState): RuleEntry | undefined {
  const rules = current.config.circulationRules;
  if (rule.fallback) return rules.find((existing) => existing.fallback) ?? rules.find((existing) => existing.name === rule.name);
  return rules.find((existing) => existing.name === rule.name && !existing.fallback);
}

export function planLibraryConfig(file: LibraryConfig, current: CurrentConfigState): ConfigPlan {
  const config = withRulePolicies(file, current);
  const changes: SectionChange[] = [];
  for (const { section, label } of configSections) {
    const entries = entriesOf(config, section) as Record<string, unknown>[];
    if (!config[section]) continue;
    const change: SectionChange = { section, label, created: [], updated: [], unchanged: 0 };
    for (const entry of entries) {
      const key = keyOf(section, entry);
      const existing =
        section === 'circulationRules'
          ? currentRuleFor(entry as unknown as RuleEntry, current)
          : (entriesOf(current.config, section) as Record<string, unknown>[]).find((candidate) => keyOf(section, candidate) === key);
      if (!existing) {
        change.created.push(key);
        continue;
      }
      const fields = changedFields(section, entry, existing as Record<string, unknown>);
      if (fields.length > 0) change.updated.push({ key, fields });
      else change.unchanged += 1;
    }
    changes.push(change);
  }
  const fileFallback = config.circulationRules?.find((rule) => rule.fallback);
  const fallbackRenamedFrom = fileFallback && current.fallbackRuleName && current.fallbackRuleName !== fileFallback.name ? current.fallbackRuleName : null;
  return { config, changes, fallbackRenamedFrom };
}

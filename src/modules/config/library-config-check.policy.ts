import { isLocalDate, isTimeZone, problemsWithException, problemsWithWeeklyHours } from '../org/index.ts';
import { keyOf, exceptionOf, hoursRowsOf, currentRuleFor, type CurrentConfigState, type SectionName } from './library-config.policy.ts';
import type { ConfigPath, ConfigProblem, LibraryConfig, RuleEntry } from './library-config.schema.ts';

/**
 * Every problem a whole file has against itself and the institution, found before anything is
 * written: duplicates, codes that name nothing, rules that cannot be, calendars that do not add up.
 * A code may name something in the file or something the institution already has.
 */

type CodedSection =
  | 'campuses' | 'libraries' | 'patronGroups' | 'materialTypes' | 'loanTypes' | 'servicePoints' | 'locations'
  | 'fixedDueDateSchedules' | 'loanPolicies' | 'requestPolicies' | 'overdueFinePolicies' | 'lostItemPolicies' | 'noticePolicies';

const labels: Record<CodedSection, string> = {
  campuses: 'campus', libraries: 'library', patronGroups: 'patron group', materialTypes: 'material type', loanTypes: 'loan type',
  servicePoints: 'service point', locations: 'shelving location', fixedDueDateSchedules: 'fixed due date schedule', loanPolicies: 'loan policy',
  requestPolicies: 'request policy', overdueFinePolicies: 'overdue fine policy', lostItemPolicies: 'lost item policy', noticePolicies: 'notice policy',
};

const ruleReferences = {
  patronGroup: 'patronGroups', materialType: 'materialTypes', loanType: 'loanTypes', location: 'locations', library: 'libraries', campus: 'campuses',
  loanPolicy: 'loanPolicies', requestPolicy: 'requestPolicies', overdueFinePolicy: 'overdueFinePolicies', lostItemPolicy: 'lostItemPolicies', noticePolicy: 'noticePolicies',
} as const satisfies Partial<Record<keyof RuleEntry, CodedSection>>;

const criteriaFields = ['patronGroup', 'materialType', 'loanType', 'location', 'library', 'campus'] as const;
const policyFields = ['loanPolicy', 'requestPolicy', 'overdueFinePolicy', 'lostItemPolicy', 'noticePolicy'] as const;

function entries<Entry>(config: LibraryConfig, section: SectionName): Entry[] {
  return (config[section] as Entry[] | undefined) ?? [];
}

function duplicateProblems(config: LibraryConfig, section: SectionName, field: string, what: string): ConfigProblem[] {
  const seen = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  entries<Record<string, unknown>>(config, section).forEach((entry, index) => {
    const key = keyOf(section, entry);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else problems.push({ path: [section, index, field], message: `${what} '${key}' is given twice (also at ${section}[${first}])` });
  });
  return problems;
}

export function problemsWithLibraryConfig(config: LibraryConfig, current: CurrentConfigState): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = (section: CodedSection): Set<string> =>
    new Set([...entries<{ code: string }>(config, section), ...entries<{ code: string }>(current.config, section)].map((entry) => entry.code));
  const knownCache = new Map<CodedSection, Set<string>>();
  const check = (section: CodedSection, code: string | null | undefined, path: ConfigPath) => {
    if (code == null) return;
    if (!knownCache.has(section)) knownCache.set(section, known(section));
    if (!knownCache.get(section)?.has(code)) problems.push({ path, message: `no ${labels[section]} with code '${code}'` });
  };

  for (const [section, what] of Object.entries(labels) as [CodedSection, string][]) problems.push(...duplicateProblems(config, section, 'code', `${what} code`));
  problems.push(...duplicateProblems(config, 'calendars', 'servicePoint', 'the calendar of service point'));
  problems.push(...duplicateProblems(config, 'circulationRules', 'name', 'rule name'));
  problems.push(...duplicateProblems(config, 'patronGroupLimits', 'patronGroup', 'the limits of patron group'));

  config.libraries?.forEach((library, index) => check('campuses', library.campus, ['libraries', index, 'campus']));
  config.servicePoints?.forEach((point, index) => {
    check('libraries', point.library, ['servicePoints', index, 'library']);
    if (point.timeZone !== null && !isTimeZone(point.timeZone)) problems.push({ path: ['servicePoints', index, 'timeZone'], message: `'${point.timeZone}' is not a time zone (for example America/Los_Angeles)` });
    point.locationsServed?.forEach((location, position) => check('locations', location, ['servicePoints', index, 'locationsServed', position]));
  });
  config.locations?.forEach((location, index) => {
    check('libraries', location.library, ['locations', index, 'library']);
    check('servicePoints', location.primaryServicePoint, ['locations', index, 'primaryServicePoint']);
  });
  config.calendars?.forEach((calendar, index) => {
    check('servicePoints', calendar.servicePoint, ['calendars', index, 'servicePoint']);
    for (const message of problemsWithWeeklyHours(hoursRowsOf(calendar.hours))) problems.push({ path: ['calendars', index, 'hours'], message });
    calendar.exceptions.forEach((exception, position) => {
      for (const message of problemsWithException(exceptionOf(exception))) problems.push({ path: ['calendars', index, 'exceptions', position], message });
    });
  });
  config.loanPolicies?.forEach((policy, index) => {
    const period = policy.settings.loanPeriod as { kind: string; scheduleCode?: string } | undefined;
    if (period?.kind === 'fixed') check('fixedDueDateSchedules', period.scheduleCode, ['loanPolicies', index, 'loanPeriod', 'scheduleCode']);
  });
  config.requestPolicies?.forEach((policy, index) => {
    const codes = policy.settings.pickupServicePointCodes as string[] | null;
    codes?.forEach((code, position) => check('servicePoints', code, ['requestPolicies', index, 'pickupServicePointCodes', position]));
  });
  config.fixedDueDateSchedules?.forEach((schedule, index) => {
    const scheduleEntries = schedule.settings.entries as { from: string; to: string; due: string }[];
    scheduleEntries.forEach((entry, position) => {
      for (const field of ['from', 'to', 'due'] as const) {
        if (!isLocalDate(entry[field])) problems.push({ path: ['fixedDueDateSchedules', index, 'entries', position, field], message: `${entry[field]} is not a date (YYYY-MM-DD)` });
      }
    });
  });
  problems.push(...ruleProblems(config, current, check));
  config.patronGroupLimits?.forEach((limits, index) => {
    check('patronGroups', limits.patronGroup, ['patronGroupLimits', index, 'patronGroup']);
    for (const materialType of Object.keys(limits.maxLoansPerMaterialType)) {
      check('materialTypes', materialType, ['patronGroupLimits', index, 'maxLoansPerMaterialType', materialType]);
    }
  });
  return problems;
}

function ruleProblems(config: LibraryConfig, current: CurrentConfigState, check: (section: CodedSection, code: string | null | undefined, path: ConfigPath) => void): ConfigProblem[] {
  const rules = config.circulationRules;
  if (!rules) return [];
  const problems: ConfigProblem[] = [];
  const fallbacks = rules.flatMap((rule, index) => (rule.fallback ? [index] : []));
  fallbacks.slice(1).forEach((index) =>
    problems.push({ path: ['circulationRules', index, 'fallback'], message: `only one rule can be the fallback; circulationRules[${fallbacks[0]}] already is` }),
  );
  const fileFallback = rules.find((rule) => rule.fallback);
  const fallbackPolicies = fileFallback ?? current.config.circulationRules.find((rule) => rule.fallback);
  if (!fileFallback && !current.fallbackRuleName) {
    problems.push({ path: ['circulationRules'], message: 'the institution has no fallback rule yet: mark one rule fallback: true (it matches every loan no other rule matches)' });
  }
  rules.forEach((rule, index) => {
    const path = (field: string): ConfigPath => ['circulationRules', index, field];
    for (const [field, section] of Object.entries(ruleReferences) as [keyof typeof ruleReferences, CodedSection][]) check(section, rule[field], path(field));
    const named = criteriaFields.filter((field) => rule[field] !== null);
    if ([rule.location, rule.library, rule.campus].filter((scope) => scope !== null).length > 1) {
      problems.push({ path: path('location'), message: 'a rule names at most one of location, library or campus' });
    }
    if (rule.fallback && named.length > 0) {
      problems.push({ path: path(named[0] as string), message: 'the fallback rule matches every loan, so it cannot name a patron group, type or location' });
    }
    if (!rule.fallback && named.length === 0) {
      problems.push({ path: path('name'), message: 'a rule with no criteria would match every loan; name a patron group, type or location, or make it the fallback' });
    }
    if (rule.fallback || !fallbackPolicies) {
      for (const field of policyFields) if (rule[field] === undefined) problems.push({ path: path(field), message: `required${rule.fallback ? ' for the fallback rule' : ' (there is no fallback rule to take it from)'}` });
    }
    if (!rule.fallback && !fileFallback && rule.name === current.fallbackRuleName) {
      problems.push({ path: path('name'), message: `'${rule.name}' is the institution's fallback rule: write it with fallback: true` });
    }
  });
  if (fileFallback && current.fallbackRuleName && fileFallback.name !== current.fallbackRuleName) {
    const taken = current.config.circulationRules.find((rule) => rule.name === fileFallback.name && !rule.fallback);
    if (taken && currentRuleFor(fileFallback, current)?.name !== taken.name) {
      const index = rules.indexOf(fileFallback);
      problems.push({
        path: ['circulationRules', index, 'name'],
        message: `the fallback rule would be renamed from '${current.fallbackRuleName}' to '${fileFallback.name}', but another rule already has that name`,
      });
    }
  }
  return problems;
}

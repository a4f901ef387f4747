import { describe, expect, it } from 'vitest';
import { problemsWithLibraryConfig } from './library-config-check.policy.ts';
import { parseLibraryConfig } from './library-config.parse.ts';
import type { CompleteLibraryConfig, CurrentConfigState } from './library-config.policy.ts';
import type { ConfigProblem, LibraryConfig, RuleEntry } from './library-config.schema.ts';

/**
 * What the configuration check reports about a file before anything is written, case by case.
 * Each file is a few lines of the YAML a librarian uploads; the institution is either new (has
 * nothing yet) or already has one of each policy and a fallback rule called "Everything".
 */
const empty: CompleteLibraryConfig = {
  version: 1, campuses: [], libraries: [], patronGroups: [], materialTypes: [], loanTypes: [], servicePoints: [], locations: [], calendars: [],
  fixedDueDateSchedules: [], loanPolicies: [], requestPolicies: [], overdueFinePolicies: [], lostItemPolicies: [], noticePolicies: [],
  circulationRules: [], patronGroupLimits: [],
};
const newInstitution: CurrentConfigState = { config: empty, fallbackRuleName: null };

const noCriteria = { patronGroup: null, materialType: null, loanType: null, location: null, library: null, campus: null };
const policyCodes = { loanPolicy: 'standard-loan', requestPolicy: 'requests', overdueFinePolicy: 'fines', lostItemPolicy: 'lost', noticePolicy: 'notices' };
const everything: RuleEntry = { name: 'Everything', fallback: true, ...noCriteria, ...policyCodes };
const facultyRule: RuleEntry = { name: 'Faculty', fallback: false, ...noCriteria, patronGroup: 'faculty' };
const policy = (code: string) => ({ code, name: code, description: null, settings: {} });
const runningInstitution: CurrentConfigState = {
  config: {
    ...empty,
    patronGroups: [{ code: 'faculty', name: 'Faculty', description: null }],
    loanPolicies: [policy('standard-loan')], requestPolicies: [policy('requests')], overdueFinePolicies: [policy('fines')],
    lostItemPolicies: [policy('lost')], noticePolicies: [policy('notices')],
    circulationRules: [everything, facultyRule],
  },
  fallbackRuleName: 'Everything',
};

const policies = [
  'loanPolicies: [{ code: standard-loan, name: Standard, loanPeriod: { kind: rolling, period: { amount: 21, unit: days } } }]',
  'requestPolicies: [{ code: requests, name: Requests }]',
  'overdueFinePolicies: [{ code: fines, name: Fines }]',
  'lostItemPolicies: [{ code: lost, name: Lost }]',
  'noticePolicies: [{ code: notices, name: Notices }]',
];
const fallbackLine = '  - { name: Everything, fallback: true, loanPolicy: standard-loan, requestPolicy: requests, overdueFinePolicy: fines, lostItemPolicy: lost, noticePolicy: notices }';

function fileOf(lines: string[]): LibraryConfig {
  const parsed = parseLibraryConfig(lines.join('\n'));
  if (!parsed.config) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

interface CheckCase {
  case: string;
  file: string[];
  institution: CurrentConfigState;
  problems: ConfigProblem[];
}

const cases: CheckCase[] = [
  {
    case: 'a complete file for a new institution has no problems',
    file: [...policies, 'patronGroups: [{ code: faculty, name: Faculty }]', 'circulationRules:', '  - { name: Faculty, patronGroup: faculty }', fallbackLine],
    institution: newInstitution,
    problems: [],
  },
  {
    case: 'a rule may name policies and groups the institution already has without listing them again',
    file: ['circulationRules:', '  - { name: Faculty, patronGroup: faculty, loanPolicy: standard-loan }'],
    institution: runningInstitution,
    problems: [],
  },
  {
    case: 'config check reports a rule that names an unknown loan policy',
    file: ['circulationRules:', '  - { name: Faculty, patronGroup: faculty, loanPolicy: short-loan }'],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 0, 'loanPolicy'], message: "no loan policy with code 'short-loan'" }],
  },
  {
    case: 'a rule that names an unknown patron group and an unknown notice policy gets both reported',
    file: ['circulationRules:', '  - { name: Visitors, patronGroup: visitor, noticePolicy: quiet }'],
    institution: runningInstitution,
    problems: [
      { path: ['circulationRules', 0, 'patronGroup'], message: "no patron group with code 'visitor'" },
      { path: ['circulationRules', 0, 'noticePolicy'], message: "no notice policy with code 'quiet'" },
    ],
  },
  {
    case: 'the same patron group code twice in one file',
    file: ['patronGroups: [{ code: faculty, name: Faculty }, { code: faculty, name: Academic staff }]'],
    institution: runningInstitution,
    problems: [{ path: ['patronGroups', 1, 'code'], message: "patron group code 'faculty' is given twice (also at patronGroups[0])" }],
  },
  {
    case: 'two rules with the same name',
    file: ['circulationRules:', '  - { name: Faculty, patronGroup: faculty }', '  - { name: Faculty, materialType: dvd }', 'materialTypes: [{ code: dvd, name: DVD }]'],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 1, 'name'], message: "rule name 'Faculty' is given twice (also at circulationRules[0])" }],
  },
  {
    case: 'a library on a campus that does not exist',
    file: ['libraries: [{ code: LAW, name: Law Library, campus: NORTH }]'],
    institution: runningInstitution,
    problems: [{ path: ['libraries', 0, 'campus'], message: "no campus with code 'NORTH'" }],
  },
  {
    case: 'a service point whose time zone is misspelled',
    file: ['servicePoints: [{ code: CIRC, name: Circulation desk, timeZone: America/Los_Angles }]'],
    institution: runningInstitution,
    problems: [{ path: ['servicePoints', 0, 'timeZone'], message: "'America/Los_Angles' is not a time zone (for example America/Los_Angeles)" }],
  },
  {
    case: 'a shelving location whose primary service point does not exist',
    file: ['campuses: [{ code: MAIN, name: Main }]', 'libraries: [{ code: LAW, name: Law Library, campus: MAIN }]', 'locations: [{ code: LAW-STACKS, name: Law stacks, library: LAW, primaryServicePoint: LAW-DESK }]'],
    institution: runningInstitution,
    problems: [{ path: ['locations', 0, 'primaryServicePoint'], message: "no service point with code 'LAW-DESK'" }],
  },
  {
    case: 'a term loan policy whose fixed due date schedule does not exist',
    file: ['loanPolicies: [{ code: term-loan, name: Term loan, loanPeriod: { kind: fixed, scheduleCode: SPRING } }]'],
    institution: runningInstitution,
    problems: [{ path: ['loanPolicies', 0, 'loanPeriod', 'scheduleCode'], message: "no fixed due date schedule with code 'SPRING'" }],
  },
  {
    case: 'a request policy offering pickup at a service point that does not exist',
    file: ['requestPolicies: [{ code: pickup-law, name: Pickup at Law, pickupServicePointCodes: [LAW-DESK] }]'],
    institution: runningInstitution,
    problems: [{ path: ['requestPolicies', 0, 'pickupServicePointCodes', 0], message: "no service point with code 'LAW-DESK'" }],
  },
  {
    case: 'patron group limits for a material type that does not exist',
    file: ['patronGroupLimits: [{ patronGroup: faculty, maxLoansPerMaterialType: { dvd: 5 } }]'],
    institution: runningInstitution,
    problems: [{ path: ['patronGroupLimits', 0, 'maxLoansPerMaterialType', 'dvd'], message: "no material type with code 'dvd'" }],
  },
  {
    case: 'two rules marked fallback',
    file: ['circulationRules:', fallbackLine, fallbackLine.replace('Everything', 'Everything else')],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 1, 'fallback'], message: 'only one rule can be the fallback; circulationRules[0] already is' }],
  },
  {
    case: 'a fallback rule that names a patron group',
    file: ['circulationRules:', fallbackLine.replace('fallback: true,', 'fallback: true, patronGroup: faculty,')],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 0, 'patronGroup'], message: 'the fallback rule matches every loan, so it cannot name a patron group, type or location' }],
  },
  {
    case: 'a fallback rule without a notice policy',
    file: ['circulationRules:', fallbackLine.replace(', noticePolicy: notices', '')],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 0, 'noticePolicy'], message: 'required for the fallback rule' }],
  },
  {
    case: 'a rule with no criteria that is not the fallback',
    file: ['circulationRules:', '  - { name: Anything, loanPolicy: standard-loan }'],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 0, 'name'], message: 'a rule with no criteria would match every loan; name a patron group, type or location, or make it the fallback' }],
  },
  {
    case: 'a new institution whose file has rules but no fallback: asked for one, and each rule needs all five policies',
    file: [...policies, 'patronGroups: [{ code: faculty, name: Faculty }]', 'circulationRules:', '  - { name: Faculty, patronGroup: faculty, loanPolicy: standard-loan, requestPolicy: requests, overdueFinePolicy: fines, lostItemPolicy: lost }'],
    institution: newInstitution,
    problems: [
      { path: ['circulationRules'], message: 'the institution has no fallback rule yet: mark one rule fallback: true (it matches every loan no other rule matches)' },
      { path: ['circulationRules', 0, 'noticePolicy'], message: 'required (there is no fallback rule to take it from)' },
    ],
  },
  {
    case: "the institution's fallback rule written without fallback: true",
    file: ['circulationRules:', '  - { name: Everything, patronGroup: faculty }'],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 0, 'name'], message: "'Everything' is the institution's fallback rule: write it with fallback: true" }],
  },
  {
    case: 'renaming the fallback rule to the name of another rule',
    file: ['circulationRules:', fallbackLine.replace('Everything', 'Faculty')],
    institution: runningInstitution,
    problems: [{ path: ['circulationRules', 0, 'name'], message: "the fallback rule would be renamed from 'Everything' to 'Faculty', but another rule already has that name" }],
  },
  {
    case: 'renaming the fallback rule to a free name is fine',
    file: ['circulationRules:', fallbackLine.replace('Everything', 'All other loans')],
    institution: runningInstitution,
    problems: [],
  },
];

describe('checking a library configuration file', () => {
  it.each(cases)('$case', ({ file, institution, problems }) => {
    expect(problemsWithLibraryConfig(fileOf(file), institution)).toEqual(problems);
  });
});

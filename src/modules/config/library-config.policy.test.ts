import { describe, expect, it } from 'vitest';
import { problemsWithLibraryConfig } from './library-config-check.policy.ts';
import { parseLibraryConfig } from './library-config.parse.ts';
import { hoursEntriesOf, hoursRowsOf, planLibraryConfig, type CompleteLibraryConfig, type CurrentConfigState } from './library-config.policy.ts';
import type { LibraryConfig } from './library-config.schema.ts';

const empty: CompleteLibraryConfig = {
  version: 1, campuses: [], libraries: [], patronGroups: [], materialTypes: [], loanTypes: [], servicePoints: [], locations: [], calendars: [],
  fixedDueDateSchedules: [], loanPolicies: [], requestPolicies: [], overdueFinePolicies: [], lostItemPolicies: [], noticePolicies: [],
  circulationRules: [], patronGroupLimits: [],
};

function fileOf(lines: string[]): LibraryConfig {
  const parsed = parseLibraryConfig(lines.join('\n'));
  if (!parsed.config) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

const policies = [
  'loanPolicies: [{ code: standard-loan, name: Standard, loanPeriod: { kind: rolling, period: { amount: 21, unit: days } } }]',
  'requestPolicies: [{ code: requests, name: Requests }]',
  'overdueFinePolicies: [{ code: fines, name: Fines }]',
  'lostItemPolicies: [{ code: lost, name: Lost }]',
  'noticePolicies: [{ code: notices, name: Notices }]',
];
const fallback = '  - { name: Everything, fallback: true, loanPolicy: standard-loan, requestPolicy: requests, overdueFinePolicy: fines, lostItemPolicy: lost, noticePolicy: notices }';

describe('opening hours in the file', () => {
  it('groups weekdays that share their hours, and expands them back to one row per day', () => {
    const rows = [
      { weekday: 5, opensAt: '08:00', closesAt: '17:00', validFrom: null, validTo: null },
      { weekday: 1, opensAt: '08:00', closesAt: '22:00', validFrom: null, validTo: null },
      { weekday: 2, opensAt: '08:00', closesAt: '22:00', validFrom: null, validTo: null },
    ];
    const entries = hoursEntriesOf(rows);
    expect(entries).toEqual([
      { days: ['monday', 'tuesday'], opens: '08:00', closes: '22:00', validFrom: null, validTo: null },
      { days: ['friday'], opens: '08:00', closes: '17:00', validFrom: null, validTo: null },
    ]);
    expect(hoursRowsOf(entries).map((row) => row.weekday)).toEqual([1, 2, 5]);
  });
});

describe('checking a file against the institution', () => {
  const nothing: CurrentConfigState = { config: empty, fallbackRuleName: null };

  it('accepts codes that the institution already has, even when the file does not list them', () => {
    const current: CurrentConfigState = { config: { ...empty, patronGroups: [{ code: 'faculty', name: 'Faculty', description: null }] }, fallbackRuleName: null };
    const file = fileOf([...policies, 'circulationRules:', '  - { name: Faculty, patronGroup: faculty }', fallback]);
    expect(problemsWithLibraryConfig(file, current)).toEqual([]);
    expect(problemsWithLibraryConfig(file, nothing)).toEqual([{ path: ['circulationRules', 0, 'patronGroup'], message: "no patron group with code 'faculty'" }]);
  });

  it('needs a fallback rule, in the file or already in the institution', () => {
    const file = fileOf([...policies, 'patronGroups: [{ code: faculty, name: Faculty }]', 'circulationRules:', '  - { name: Faculty, patronGroup: faculty, loanPolicy: standard-loan }']);
    expect(problemsWithLibraryConfig(file, nothing).map((problem) => problem.message)).toContain(
      'the institution has no fallback rule yet: mark one rule fallback: true (it matches every loan no other rule matches)',
    );
  });

  it('refuses a rule with no criteria that is not the fallback, and one naming both a library and a campus', () => {
    const file = fileOf([
      ...policies, 'campuses: [{ code: C, name: C }]', 'libraries: [{ code: L, name: L, campus: C }]',
      'circulationRules:', '  - { name: Anything }', '  - { name: Two places, library: L, campus: C }', fallback,
    ]);
    expect(problemsWithLibraryConfig(file, nothing).map((problem) => problem.path.join('.'))).toEqual(['circulationRules.0.name', 'circulationRules.1.location']);
  });

  it('checks closures and special hours with the calendar editor\'s rules', () => {
    const file = fileOf(['calendars:', '  - servicePoint: CIRC', '    exceptions: [{ name: Late night, from: 2026-12-07, to: 2026-12-01, opens: "20:00", closes: "18:00" }]']);
    const current: CurrentConfigState = { config: { ...empty, servicePoints: [{ code: 'CIRC', name: 'Desk', library: null, discoveryName: null, pickupPoint: true, holdShelfExpiryDays: 7, timeZone: null, active: true, locationsServed: [] }] }, fallbackRuleName: null };
    expect(problemsWithLibraryConfig(file, current).map((problem) => problem.message)).toEqual([
      'The start date 2026-12-07 is after the end date 2026-12-01.',
      'Special hours 20:00–18:00: the opening time must be before the closing time.',
    ]);
  });
});

describe('planning the changes', () => {
  it('counts new, changed and unchanged entries, and names the changed fields', () => {
    const current: CurrentConfigState = {
      config: { ...empty, patronGroups: [{ code: 'faculty', name: 'Faculty', description: null }, { code: 'staff', name: 'Staff', description: null }] },
      fallbackRuleName: null,
    };
    const file = fileOf(['patronGroups:', '  - { code: faculty, name: Faculty }', '  - { code: staff, name: College staff }', '  - { code: alumni, name: Alumni }']);
    expect(planLibraryConfig(file, current).changes).toEqual([
      { section: 'patronGroups', label: 'patron groups', created: ['alumni'], updated: [{ key: 'staff', fields: ['name'] }], unchanged: 1 },
    ]);
  });

  it('fills in the policies a rule leaves out from the fallback rule', () => {
    const file = fileOf([...policies, 'patronGroups: [{ code: faculty, name: Faculty }]', 'circulationRules:', '  - { name: Faculty, patronGroup: faculty }', fallback]);
    const plan = planLibraryConfig(file, { config: empty, fallbackRuleName: null });
    expect(plan.config.circulationRules?.[0]).toMatchObject({ name: 'Faculty', loanPolicy: 'standard-loan', noticePolicy: 'notices' });
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCirculationRule } from '../../src/modules/circulation/circulation-rules.service.ts';
import { applyLibraryConfig, type LibraryConfigReport } from '../../src/modules/config/library-config-apply.service.ts';
import { exportLibraryConfig } from '../../src/modules/config/library-config-export.service.ts';
import { formatProblem } from '../../src/modules/config/library-config.parse.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';

const library = `
campuses:
  - { code: NORTH, name: North campus }
libraries:
  - { code: NORTHLIB, name: North Library, campus: NORTH }
patronGroups:
  - { code: student, name: Student }
  - { code: graduate, name: Graduate student, description: Masters and doctoral students }
loanTypes:
  - { code: reserve-4h, name: 4-hour reserve }
servicePoints:
  - code: NORTH-CIRC
    name: North Circulation Desk
    library: NORTHLIB
    pickupPoint: true
    holdShelfExpiryDays: 5
    locationsServed: [NORTH-STACKS, NORTH-RES]
locations:
  - { code: NORTH-STACKS, name: North Stacks, library: NORTHLIB, primaryServicePoint: NORTH-CIRC }
  - { code: NORTH-RES, name: North Reserves, library: NORTHLIB, primaryServicePoint: NORTH-CIRC }
calendars:
  - servicePoint: NORTH-CIRC
    hours:
      - { days: [monday, tuesday, wednesday, thursday], opens: '08:00', closes: '22:00' }
      - { days: [friday], opens: '08:00', closes: '17:00' }
    exceptions:
      - { name: Thanksgiving, from: 2026-11-26, to: 2026-11-27 }
      - { name: Finals, from: 2026-12-07, to: 2026-12-11, opens: '08:00', closes: '24:00' }
fixedDueDateSchedules:
  - code: terms
    name: Term ends
    entries:
      - { from: 2026-08-01, to: 2026-12-04, due: 2026-12-18 }
loanPolicies:
  - code: standard-loan
    name: Standard loan
    loanPeriod: { kind: rolling, period: { amount: 21, unit: days } }
  - code: graduate-term
    name: Graduate term loan
    loanPeriod: { kind: fixed, scheduleCode: terms }
    renewals: { maxRenewals: null }
  - code: reserve-4-hour
    name: 4-hour reserve
    loanPeriod: { kind: rolling, period: { amount: 4, unit: hours } }
    closedDayRule: closing-time
    renewals: { allowed: false }
requestPolicies:
  - { code: all-requests, name: 'Holds, recalls and pages' }
overdueFinePolicies:
  - { code: standard-fines, name: Standard fines, amountCents: 25, maxFineCents: 1000 }
lostItemPolicies:
  - { code: standard-lost, name: Standard lost, agedToLostAfter: { amount: 30, unit: days }, processingFeeCents: 1500 }
noticePolicies:
  - code: basic-notices
    name: Basic notices
    notices:
      - { kind: courtesy, offset: { amount: 2, unit: days } }
circulationRules:
  - name: Graduate students
    patronGroup: graduate
    loanType: standard
    loanPolicy: graduate-term
  - name: Reserves
    loanType: reserve-4h
    location: NORTH-RES
    loanPolicy: reserve-4-hour
  - name: Everything else
    fallback: true
    loanPolicy: standard-loan
    requestPolicy: all-requests
    overdueFinePolicy: standard-fines
    lostItemPolicy: standard-lost
    noticePolicy: basic-notices
patronGroupLimits:
  - patronGroup: student
    maxLoans: 50
    maxLoansPerMaterialType: { laptop: 1 }
    maxFeeBalanceCents: 2500
`;

describeOnBothDatabases('library configuration file', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let college: InstitutionFixture;
  const actorOf = (institution: InstitutionFixture) => ({ kind: 'system' as const, id: null, name: 'cli:config apply', institutionId: institution.institutionId });
  const apply = (institution: InstitutionFixture, text: string, dryRun = false) =>
    applyLibraryConfig(database().db, clock, actorOf(institution), { fileName: 'library.yaml', text, dryRun });
  const counts = (report: LibraryConfigReport) =>
    Object.fromEntries(report.changes.map((change) => [change.section, [change.created.length, change.updated.length, change.unchanged]]));
  const idOf = async (table: 'patron_group' | 'material_type' | 'loan_type' | 'location', institution: InstitutionFixture, code: string) =>
    (await database().db.selectFrom(table).select('id').where('institution_id', '=', institution.institutionId).where('code', '=', code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    college = await makeInstitution(database().db);
  });

  it('shows what a file would change without changing anything (dry run)', async () => {
    const report = await apply(college, library, true);
    expect(report).toMatchObject({ applied: false, dryRun: true, problems: [] });
    expect(counts(report)).toMatchObject({ patronGroups: [1, 1, 0], loanPolicies: [3, 0, 0], circulationRules: [3, 0, 0], calendars: [1, 0, 0] });
    const policies = await database().db.selectFrom('loan_policy').select('id').where('institution_id', '=', college.institutionId).execute();
    expect(policies).toEqual([]);
  });

  it('applies the whole file in one go and audits it once, with the file\'s checksum', async () => {
    const report = await apply(college, library);
    expect(report.applied).toBe(true);
    expect(counts(report)).toMatchObject({ campuses: [1, 0, 0], patronGroups: [1, 1, 0], servicePoints: [1, 0, 0], locations: [2, 0, 0], patronGroupLimits: [1, 0, 0] });
    const { db } = database();
    const audit = await db.selectFrom('audit_event').selectAll().where('institution_id', '=', college.institutionId).where('action', '=', 'config.apply').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({ file: 'library.yaml', sha256: report.sha256, sections: { loanPolicies: { created: 3, updated: 0 } } });
    const desk = await db.selectFrom('service_point').selectAll().where('institution_id', '=', college.institutionId).where('code', '=', 'NORTH-CIRC').executeTakeFirstOrThrow();
    expect(desk.hold_shelf_expiry_days).toBe(5);
    const hours = await db.selectFrom('calendar_hours').select(['weekday', 'opens_at', 'closes_at']).where('service_point_id', '=', desk.id).orderBy('weekday').execute();
    expect(hours.map((row) => `${row.weekday} ${row.opens_at}-${row.closes_at}`)).toEqual(['1 08:00-22:00', '2 08:00-22:00', '3 08:00-22:00', '4 08:00-22:00', '5 08:00-17:00']);
  });

  it('gives loans the policies the file\'s rules name, leaving out policies taken from the fallback', async () => {
    const criteria = (patronGroup: string, loanType: string, location: string) =>
      Promise.all([idOf('patron_group', college, patronGroup), idOf('material_type', college, 'book'), idOf('loan_type', college, loanType), idOf('location', college, location)]).then(
        ([patronGroupId, materialTypeId, loanTypeId, locationId]) => ({ institutionId: college.institutionId, patronGroupId, materialTypeId, loanTypeId, locationId }),
      );
    const graduate = await resolveCirculationRule(database().db, await criteria('graduate', 'standard', 'STACKS'));
    expect(graduate.rule.name).toBe('Graduate students');
    expect(graduate.loanPolicy).toMatchObject({ code: 'graduate-term', settings: { loanPeriod: { kind: 'fixed', scheduleCode: 'terms' }, renewals: { maxRenewals: null } } });
    expect(graduate.overdueFinePolicy.code).toBe('standard-fines');
    const reserve = await resolveCirculationRule(database().db, await criteria('student', 'reserve-4h', 'NORTH-RES'));
    expect(reserve.loanPolicy.code).toBe('reserve-4-hour');
    const student = await resolveCirculationRule(database().db, await criteria('student', 'standard', 'STACKS'));
    expect(student.rule).toMatchObject({ name: 'Everything else', isFallback: true });
  });

  it('changes nothing when the same file is applied again', async () => {
    const report = await apply(college, library);
    expect(report.changes.every((change) => change.created.length === 0 && change.updated.length === 0)).toBe(true);
  });

  it('updates what differs, says which fields, and leaves out what the file does not mention', async () => {
    const text = [
      'loanPolicies:',
      '  - code: standard-loan',
      '    name: Standard loan',
      '    loanPeriod: { kind: rolling, period: { amount: 28, unit: days } }',
      '    renewals: { maxRenewals: 3 }',
      'calendars:',
      '  - servicePoint: NORTH-CIRC',
      '    hours: [{ days: [monday], opens: "09:00", closes: "17:00" }]',
    ].join('\n');
    const report = await apply(college, text);
    expect(report.changes.find((change) => change.section === 'loanPolicies')).toMatchObject({ updated: [{ key: 'standard-loan', fields: ['loanPeriod', 'renewals'] }] });
    const { db } = database();
    const policies = await db.selectFrom('loan_policy').select('code').where('institution_id', '=', college.institutionId).orderBy('code').execute();
    expect(policies.map((policy) => policy.code)).toEqual(['graduate-term', 'reserve-4-hour', 'standard-loan']);
    const desk = await db.selectFrom('service_point').select('id').where('code', '=', 'NORTH-CIRC').where('institution_id', '=', college.institutionId).executeTakeFirstOrThrow();
    expect(await db.selectFrom('calendar_hours').select('weekday').where('service_point_id', '=', desk.id).execute()).toHaveLength(1);
    // a calendar given in the file replaces closures too: this one lists none
    expect(await db.selectFrom('calendar_exception').select('id').where('service_point_id', '=', desk.id).execute()).toEqual([]);
    await apply(college, library);
  });

  it('reports every problem of a file with its line before changing anything', async () => {
    const text = [
      'patronGroups:', //                                         1
      '  - { code: alumni, name: Alumni }', //                    2
      '  - { code: alumni, name: Alumni again }', //              3
      'loanPolicies:', //                                         4
      '  - code: term', //                                        5
      '    name: Term', //                                        6
      '    loanPeriod: { kind: fixed, scheduleCode: semesters }', // 7
      'calendars:', //                                            8
      '  - servicePoint: NORTH-CIRC', //                          9
      '    hours:', //                                            10
      "      - { days: [monday], opens: '08:00', closes: '12:00' }", // 11
      "      - { days: [monday], opens: '11:00', closes: '17:00' }", // 12
      'circulationRules:', //                                     13
      '  - name: Reserves', //                                    14
      '    loanType: reserve-4h', //                              15
      '    loanPolicy: reserve-3h', //                            16
      '  - name: Catch-all', //                                   17
      '    fallback: true', //                                    18
      '    patronGroup: alumni', //                               19
      '    loanPolicy: standard-loan', //                         20
      '    requestPolicy: all-requests', //                       21
      '    overdueFinePolicy: standard-fines', //                 22
      '    lostItemPolicy: standard-lost', //                     23
      '    noticePolicy: basic-notices', //                       24
      '  - name: Another catch-all', //                           25
      '    fallback: true', //                                    26
    ].join('\n');
    const report = await apply(college, text);
    expect(report.applied).toBe(false);
    expect(report.problems.map((problem) => formatProblem('library.yaml', problem))).toEqual([
      "library.yaml:3:7 patronGroups[1].code: patron group code 'alumni' is given twice (also at patronGroups[0])",
      "library.yaml:7:32 loanPolicies[0].loanPeriod.scheduleCode: no fixed due date schedule with code 'semesters'",
      'library.yaml:10:5 calendars[0].hours: Monday 08:00–12:00 overlaps 11:00–17:00 on the same day.',
      "library.yaml:16:5 circulationRules[0].loanPolicy: no loan policy with code 'reserve-3h'",
      'library.yaml:19:5 circulationRules[1].patronGroup: the fallback rule matches every loan, so it cannot name a patron group, type or location',
      ...['loanPolicy', 'requestPolicy', 'overdueFinePolicy', 'lostItemPolicy', 'noticePolicy'].map(
        (field) => `library.yaml:25:5 circulationRules[2].${field}: required for the fallback rule`,
      ),
      'library.yaml:26:5 circulationRules[2].fallback: only one rule can be the fallback; circulationRules[1] already is',
    ]);
    const alumni = await database().db.selectFrom('patron_group').select('id').where('institution_id', '=', college.institutionId).where('code', '=', 'alumni').execute();
    expect(alumni).toEqual([]);
  });

  it('exports a configuration that rebuilds the same library elsewhere', async () => {
    const header = (institution: InstitutionFixture) => ({ institutionCode: institution.code, institutionName: 'Test', exportedAt: new Date('2026-11-02T17:00:00Z') });
    const exported = await exportLibraryConfig(database().db, college.institutionId, header(college));
    expect(exported).toMatch(/^# Carrel library configuration/);
    expect(exported).toContain("- { days: [ monday, tuesday, wednesday, thursday ], opens: 08:00, closes: 22:00 }");
    const fresh = await makeInstitution(database().db);
    const report = await apply(fresh, exported);
    expect(report.problems).toEqual([]);
    expect(report.applied).toBe(true);
    const again = await exportLibraryConfig(database().db, fresh.institutionId, header(fresh));
    const body = (text: string) => text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
    expect(body(again)).toEqual(body(exported));
  });

  it('renames the fallback rule when the file names it differently', async () => {
    const text = library.replace('name: Everything else', 'name: Standard loans');
    const report = await apply(college, text);
    expect(report.changes.find((change) => change.section === 'circulationRules')).toMatchObject({ created: [], updated: [{ key: 'Standard loans', fields: ['name'] }] });
    const fallbacks = await database().db.selectFrom('circulation_rule').select('name').where('institution_id', '=', college.institutionId).where('is_fallback', '=', true).execute();
    expect(fallbacks).toEqual([{ name: 'Standard loans' }]);
  });
});

describe('carrel config on the command line', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-config-'));
  const carrel = (args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(root, 'bin/carrel.mjs'), ...args], {
      cwd: root, encoding: 'utf8', env: { ...process.env, CARREL_DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exports the demo college, applies it back unchanged, and refuses a file with a wrong code', () => {
    expect(carrel(['seed', '--demo', '--items', '100', '--patrons', '0']).status).toBe(0);
    const exported = carrel(['config', 'export', '--institution', 'WVC']);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('code: faculty-term');
    const file = path.join(dataDir, 'library.yaml');
    fs.writeFileSync(file, exported.stdout);
    const dryRun = carrel(['config', 'apply', file, '--institution', 'WVC', '--dry-run']);
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain('circulation rules: 0 created, 0 updated, 12 unchanged');
    fs.writeFileSync(file, exported.stdout.replace('loanPolicy: faculty-term', 'loanPolicy: faculty-semester'));
    const refused = carrel(['config', 'apply', file, '--institution', 'WVC']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^library\.yaml:\d+:5 circulationRules\[0\]\.loanPolicy: no loan policy with code 'faculty-semester'$/m);
    expect(refused.stderr).toContain('nothing was changed');
  }, 180_000);
});

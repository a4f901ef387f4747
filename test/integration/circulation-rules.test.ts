import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { resolveCirculationRule } from '../../src/modules/circulation/circulation-rules.service.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup, makeRule } from '../support/factories/circulation.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('circulation rules and the rule tester', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  let supervisorName: string;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    await makeCirculationSetup(database().db, library);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    supervisorName = staff.username;
    supervisor = await signInAs(app, staff.username, staff.password);
    await supervisor.request({ method: 'POST', url: '/api/v1/policies/loan-policy', payload: { code: 'faculty-semester', name: 'Faculty semester', settings: { loanPeriod: { kind: 'rolling', period: { amount: 16, unit: 'weeks' } } } } });
    await supervisor.request({ method: 'POST', url: '/api/v1/policies/loan-policy', payload: { code: 'dvd-week', name: 'DVD week', settings: { loanPeriod: { kind: 'rolling', period: { amount: 7, unit: 'days' } }, renewals: { allowed: false } } } });
  });
  afterAll(async () => app.close());

  function rule(name: string, criteria: Record<string, string>, loanPolicy = 'faculty-semester') {
    return supervisor.request({
      method: 'POST',
      url: '/api/v1/circulation-rules',
      payload: { name, ...criteria, loanPolicy, requestPolicy: 'standard-requests', overdueFinePolicy: 'standard-fines', lostItemPolicy: 'standard-lost', noticePolicy: 'standard-notices' },
    });
  }
  const test = (payload: Record<string, string>) => supervisor.request({ method: 'POST', url: '/api/v1/circulation-rules/test', payload });

  it('creates rules by code and lists them most specific first with the fallback last', async () => {
    const created = await rule('Faculty books', { patronGroup: 'faculty', materialType: 'book' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Faculty books', criteria: { patronGroup: { code: 'faculty' }, materialType: { code: 'book' } }, policies: { loanPolicy: { code: 'faculty-semester' } } });
    expect((await rule('Faculty', { patronGroup: 'faculty' })).statusCode).toBe(201);
    expect((await rule('DVDs', { materialType: library.materialTypes.dvd as string }, 'dvd-week')).statusCode).toBe(201);
    const list = await supervisor.request({ method: 'GET', url: '/api/v1/circulation-rules' });
    expect(list.json().items.map((each: { name: string; specificity: string }) => [each.name, each.specificity])).toEqual([
      ['Faculty books', '2 criteria: patron group, material type'],
      ['Faculty', '1 criterion: patron group'],
      ['DVDs', '1 criterion: material type'],
      ['Fallback', 'fallback: matches every loan'],
    ]);
  });

  it('tells which rule applies to a faculty member borrowing a book, and why', async () => {
    const reply = await test({ patronGroup: 'faculty', materialType: 'book', loanType: 'standard', location: 'STACKS' });
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(body.rule.name).toBe('Faculty books');
    expect(body.loanPolicy).toMatchObject({ code: 'faculty-semester', name: 'Faculty semester', settings: { loanPeriod: { kind: 'rolling', period: { amount: 16, unit: 'weeks' } } } });
    expect(body.requestPolicy.code).toBe('standard-requests');
    expect(body.explanation[0]).toBe("Rule 'Faculty books' matches: patron group faculty, material type book (2 criteria).");
    expect(body.explanation[1]).toBe("More general rules that also matched: 'Faculty' (1 criterion: patron group), 'Fallback' (fallback).");
  });

  it('tests a real patron and item by barcode', async () => {
    const patron = await makePatron(database().db, library.institutionId, { group: 'student' });
    const { barcodes } = await makeInstance(database().db, library, { title: 'The Searchers' }, [{ materialTypeCode: 'dvd' }]);
    const reply = await test({ patronBarcode: patron.barcode, itemBarcode: barcodes[0] as string });
    expect(reply.json().rule.name).toBe('DVDs');
    expect(reply.json().loanPolicy.settings.renewals.allowed).toBe(false);
    expect(reply.json().criteria).toEqual({ patronGroupId: library.patronGroups.student, materialTypeId: library.materialTypes.dvd, loanTypeId: library.loanTypes.standard, locationId: library.locationId });
  });

  it("previews the due date of a loan made now at the item's desk", async () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '22:00' }));
    await supervisor.request({ method: 'PUT', url: `/api/v1/service-points/${library.servicePointId}/calendar/hours`, payload: { hours: weekdays } });
    const reply = await test({ patronGroup: 'student', materialType: 'dvd', loanType: 'standard', location: 'STACKS' });
    // Monday 9:00 in Los Angeles plus the DVD week: the end of the next Monday, local time
    expect(reply.json().dueDatePreview).toMatchObject({ servicePointId: library.servicePointId, loanedAt: '2026-11-02T17:00:00.000Z' });
    expect(reply.json().dueDatePreview.dueAt).toMatch(/^2026-11-10T07:59/);
  });

  it('falls back when nothing else matches', async () => {
    const reply = await test({ patronGroup: 'community', materialType: 'laptop', loanType: 'standard', location: library.locationId });
    expect(reply.json().rule).toMatchObject({ name: 'Fallback', isFallback: true });
    expect(reply.json().loanPolicy.code).toBe('standard-loan');
    expect(reply.json().explanation).toEqual(["No other rule matches; the fallback rule 'Fallback' applies."]);
  });

  it('breaks a tie between equally specific rules by name', async () => {
    await rule('Laptops (zz new)', { loanType: 'reserve-2h' });
    await rule('Laptops (aa old)', { loanType: 'reserve-2h' }, 'dvd-week');
    const reply = await test({ patronGroup: 'student', materialType: 'laptop', loanType: 'reserve-2h', location: 'STACKS' });
    expect(reply.json().rule.name).toBe('Laptops (aa old)');
    expect(reply.json().explanation).toContain(
      "Tie broken by name: 'Laptops (aa old)', 'Laptops (zz new)' are equally specific (1 criterion: loan type); 'Laptops (aa old)' comes first alphabetically.",
    );
  });

  it('matches a rule for the library the shelving location belongs to', async () => {
    await rule('Main library community', { patronGroup: 'community', library: 'MAINLIB' }, 'dvd-week');
    const applied = await resolveCirculationRule(database().db, {
      institutionId: library.institutionId,
      patronGroupId: library.patronGroups.community as string,
      materialTypeId: library.materialTypes.laptop as string,
      loanTypeId: library.loanTypes.standard as string,
      locationId: library.locationId,
    });
    expect(applied.rule.name).toBe('Main library community');
    expect(applied.explanation[0]).toBe("Rule 'Main library community' matches: patron group community, library Main Library (2 criteria).");
  });

  it('refuses to delete the fallback rule, or to give it criteria', async () => {
    const fallback = (await supervisor.request({ method: 'GET', url: '/api/v1/circulation-rules' })).json().items.find((each: { isFallback: boolean }) => each.isFallback);
    const deleted = await supervisor.request({ method: 'DELETE', url: `/api/v1/circulation-rules/${fallback.id}` });
    expect(deleted.statusCode).toBe(409);
    expect(deleted.json().error.code).toBe('FALLBACK_RULE_REQUIRED');
    const narrowed = await supervisor.request({ method: 'PATCH', url: `/api/v1/circulation-rules/${fallback.id}`, payload: { location: 'STACKS' } });
    expect(narrowed.statusCode).toBe(400);
    expect(narrowed.json().error.code).toBe('VALIDATION_FAILED');
    const everything = await rule('Everything', {});
    expect(everything.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'patronGroup' } });
    const second = await rule('Another fallback', { patronGroup: 'staff' });
    expect((await supervisor.request({ method: 'PATCH', url: `/api/v1/circulation-rules/${second.json().id}`, payload: { isFallback: true } })).statusCode).toBe(409);
  });

  it('refuses a rule naming two location scopes or an unknown policy', async () => {
    const both = await rule('Both', { library: 'MAINLIB', location: 'STACKS' });
    expect(both.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'location' } });
    const unknown = await rule('Unknown', { patronGroup: 'faculty' }, 'no-such-policy');
    expect(unknown.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'loanPolicy' } });
  });

  it('records rule changes in the audit log with who made them', async () => {
    const created = await rule('Staff laptops', { patronGroup: 'staff', materialType: 'laptop' });
    const id = created.json().id;
    await supervisor.request({ method: 'PATCH', url: `/api/v1/circulation-rules/${id}`, payload: { loanPolicy: 'dvd-week' } });
    expect((await supervisor.request({ method: 'DELETE', url: `/api/v1/circulation-rules/${id}` })).statusCode).toBe(200);
    const log = await supervisor.request({ method: 'GET', url: `/api/v1/audit-events?entityId=${id}` });
    const events = log.json().items;
    expect(events.map((event: { action: string }) => event.action).sort()).toEqual(['circulation-rule.create', 'circulation-rule.delete', 'circulation-rule.update']);
    const update = events.find((event: { action: string }) => event.action === 'circulation-rule.update');
    expect(update.actor.name).toContain(supervisorName);
    expect(update.before.loanPolicy).toBe('faculty-semester');
    expect(update.after.loanPolicy).toBe('dvd-week');
  });

  it("keeps another institution's rules out of sight", async () => {
    const other = await makeInstitution(database().db);
    await makeCirculationSetup(database().db, other);
    await makeRule(database().db, other, { name: 'Their faculty', patronGroupId: other.patronGroups.faculty });
    const list = await supervisor.request({ method: 'GET', url: '/api/v1/circulation-rules' });
    expect(list.json().items.map((each: { name: string }) => each.name)).not.toContain('Their faculty');
    const theirLocation = await test({ patronGroup: 'faculty', materialType: 'book', loanType: 'standard', location: other.locationId });
    expect(theirLocation.json().error.code).toBe('VALIDATION_FAILED');
    const staff = await makeStaff(database().db, other.institutionId, { roleCode: 'student-worker' });
    const theirs = await signInAs(app, staff.username, staff.password);
    const tested = await theirs.request({ method: 'POST', url: '/api/v1/circulation-rules/test', payload: { patronGroup: 'faculty', materialType: 'book', loanType: 'standard', location: 'STACKS' } });
    expect(tested.json().rule.name).toBe('Their faculty');
    const edit = await theirs.request({ method: 'POST', url: '/api/v1/circulation-rules', payload: { name: 'Sneaky' } });
    expect(edit.statusCode).toBe(403);
  });
});

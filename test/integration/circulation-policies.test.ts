import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeCirculationSetup, makeRule } from '../support/factories/circulation.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('circulation policies and patron group limits', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  let studentWorker: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    await makeCirculationSetup(database().db, library, { loanPolicy: { itemLimit: 50 }, limits: { maxLoans: 40, patronGroupCodes: ['student'] } });
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    supervisor = await signInAs(app, staff.username, staff.password);
    const worker = await makeStaff(database().db, library.institutionId, { roleCode: 'student-worker' });
    studentWorker = await signInAs(app, worker.username, worker.password);
  });
  afterAll(async () => app.close());

  it('creates a loan policy with its defaults filled in, and reads it back by id or code', async () => {
    const created = await supervisor.request({
      method: 'POST',
      url: '/api/v1/policies/loan-policy',
      payload: { code: 'reserve-2h', name: 'Two-hour reserve', settings: { loanPeriod: { kind: 'rolling', period: { amount: 2, unit: 'hours' } }, closedDayRule: 'closing-time' } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().settings).toMatchObject({ loanable: true, closedDayRule: 'closing-time', renewals: { allowed: true, maxRenewals: 2 } });
    const byCode = await supervisor.request({ method: 'GET', url: '/api/v1/policies/loan-policy/reserve-2h' });
    expect(byCode.json().id).toBe(created.json().id);
    const list = await studentWorker.request({ method: 'GET', url: '/api/v1/policies/loan-policy' });
    expect(list.json().items.map((policy: { code: string }) => policy.code).sort()).toEqual(['reserve-2h', 'standard-loan']);
  });

  it('refuses invalid settings naming the field', async () => {
    const reply = await supervisor.request({
      method: 'POST',
      url: '/api/v1/policies/loan-policy',
      payload: { code: 'broken', name: 'Broken', settings: { loanPeriod: { kind: 'rolling', period: { amount: -3, unit: 'fortnights' } } } },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.code).toBe('VALIDATION_FAILED');
    const fields = reply.json().error.details.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['settings.loanPeriod.period.amount', 'settings.loanPeriod.period.unit']));
    const noPeriod = await supervisor.request({ method: 'POST', url: '/api/v1/policies/loan-policy', payload: { code: 'broken', name: 'Broken', settings: { loanable: true } } });
    expect(noPeriod.json().error.message).toContain('settings.loanPeriod');
  });

  it('refuses a fixed loan period naming a schedule that does not exist, and accepts it once the schedule does', async () => {
    const settings = { loanPeriod: { kind: 'fixed', scheduleCode: 'fall-term' } };
    const early = await supervisor.request({ method: 'POST', url: '/api/v1/policies/loan-policy', payload: { code: 'faculty-term', name: 'Faculty term', settings } });
    expect(early.json().error.details[0].field).toBe('settings.loanPeriod.scheduleCode');
    const schedule = await supervisor.request({
      method: 'POST',
      url: '/api/v1/policies/fixed-due-date-schedule',
      payload: { code: 'fall-term', name: 'Fall term', settings: { entries: [{ from: '2026-08-20', to: '2026-12-10', due: '2026-12-18' }] } },
    });
    expect(schedule.statusCode).toBe(201);
    const later = await supervisor.request({ method: 'POST', url: '/api/v1/policies/loan-policy', payload: { code: 'faculty-term', name: 'Faculty term', settings } });
    expect(later.statusCode).toBe(201);
    const removeSchedule = await supervisor.request({ method: 'DELETE', url: '/api/v1/policies/fixed-due-date-schedule/fall-term' });
    expect(removeSchedule.json().error).toMatchObject({ code: 'POLICY_IN_USE', details: { loanPolicies: ['faculty-term'] } });
  });

  it('keeps codes unique per kind', async () => {
    const reply = await supervisor.request({ method: 'POST', url: '/api/v1/policies/notice-policy', payload: { code: 'standard-notices', name: 'Again' } });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error.code).toBe('DUPLICATE_CODE');
  });

  it('refuses to delete a policy a rule uses, and deletes it once unused', async () => {
    const policy = await supervisor.request({ method: 'POST', url: '/api/v1/policies/loan-policy', payload: { code: 'laptop-day', name: 'Laptop day', settings: { loanPeriod: { kind: 'rolling', period: { amount: 1, unit: 'days' } } } } });
    const created = await supervisor.request({
      method: 'POST',
      url: '/api/v1/circulation-rules',
      payload: { name: 'Laptops', materialType: 'laptop', loanPolicy: 'laptop-day', requestPolicy: 'standard-requests', overdueFinePolicy: 'standard-fines', lostItemPolicy: 'standard-lost', noticePolicy: 'standard-notices' },
    });
    const refused = await supervisor.request({ method: 'DELETE', url: `/api/v1/policies/loan-policy/${policy.json().id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'POLICY_IN_USE', details: { rules: ['Laptops'] } });
    await supervisor.request({ method: 'PATCH', url: `/api/v1/circulation-rules/${created.json().id}`, payload: { loanPolicy: 'standard-loan' } });
    expect((await supervisor.request({ method: 'DELETE', url: `/api/v1/policies/loan-policy/${policy.json().id}` })).statusCode).toBe(200);
    expect((await supervisor.request({ method: 'GET', url: '/api/v1/policies/loan-policy/laptop-day' })).json().error.code).toBe('POLICY_NOT_FOUND');
  });

  it('edits a policy and audits before and after with who', async () => {
    const reply = await supervisor.request({
      method: 'PATCH',
      url: '/api/v1/policies/overdue-fine-policy/standard-fines',
      payload: { settings: { amountCents: 25, maxFineCents: 1000 } },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().settings).toMatchObject({ amountCents: 25, maxFineCents: 1000, interval: 1, intervalUnit: 'days', chargeAt: 'end' });
    const log = await supervisor.request({ method: 'GET', url: `/api/v1/audit-events?entityId=${reply.json().id}` });
    const [event] = log.json().items;
    expect(event).toMatchObject({ action: 'overdue-fine-policy.update', before: { settings: { amountCents: 0 } }, after: { settings: { amountCents: 25 } } });
    expect(event.actor.kind).toBe('staff');
  });

  it('lets a student worker read policies but not change them', async () => {
    const reply = await studentWorker.request({ method: 'PATCH', url: '/api/v1/policies/loan-policy/standard-loan', payload: { name: 'Mine' } });
    expect(reply.statusCode).toBe(403);
  });

  it('sets and lists patron group limits by material type code, audited', async () => {
    const put = await supervisor.request({
      method: 'PUT',
      url: '/api/v1/patron-group-limits/faculty',
      payload: { maxLoans: 200, maxLoansPerMaterialType: { laptop: 1 }, maxOverdueItems: 10, maxFeeBalanceCents: 5000 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ maxLoans: 200, maxLoansPerMaterialType: { [library.materialTypes.laptop as string]: 1 }, maxLostItems: null });
    const list = await supervisor.request({ method: 'GET', url: '/api/v1/patron-group-limits' });
    const byGroup = Object.fromEntries(list.json().items.map((entry: { patronGroup: { code: string } }) => [entry.patronGroup.code, entry]));
    expect(byGroup.faculty).toMatchObject({ maxLoans: 200, maxOverdueItems: 10, maxLoansPerMaterialType: [{ materialType: { code: 'laptop' }, max: 1 }] });
    expect(byGroup.student.maxLoans).toBe(40);
    expect(byGroup.community.maxLoans).toBeNull();
    const unknownType = await supervisor.request({ method: 'PUT', url: '/api/v1/patron-group-limits/faculty', payload: { maxLoansPerMaterialType: { vinyl: 1 } } });
    expect(unknownType.json().error.code).toBe('VALIDATION_FAILED');
    const log = await supervisor.request({ method: 'GET', url: `/api/v1/audit-events?action=patron-group-limit.update&entityId=${library.patronGroups.faculty}` });
    expect(log.json().items[0].after.maxLoans).toBe(200);
  });

  it("does not show or change another institution's policies", async () => {
    const other = await makeInstitution(database().db);
    const theirs = await makeCirculationSetup(database().db, other);
    await makeRule(database().db, other, { materialTypeId: other.materialTypes.dvd, loanPolicySettings: { loanPeriod: { kind: 'rolling', period: { amount: 3, unit: 'days' } } } });
    expect((await supervisor.request({ method: 'GET', url: `/api/v1/policies/loan-policy/${theirs.loanPolicyId}` })).statusCode).toBe(404);
    expect((await supervisor.request({ method: 'DELETE', url: `/api/v1/policies/loan-policy/${theirs.loanPolicyId}` })).statusCode).toBe(404);
    expect((await supervisor.request({ method: 'PUT', url: `/api/v1/patron-group-limits/${other.patronGroups.faculty}`, payload: { maxLoans: 1 } })).statusCode).toBe(404);
    const list = await supervisor.request({ method: 'GET', url: '/api/v1/policies/loan-policy' });
    expect(list.json().items.map((policy: { id: string }) => policy.id)).not.toContain(theirs.loanPolicyId);
  });
});

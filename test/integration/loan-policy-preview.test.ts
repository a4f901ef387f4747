import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('loan policy preview: the due date a loan made now would get, before saving', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let technician: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db, { timeZone: 'America/Los_Angeles' });
    await openEveryDay(database().db, library);
    const desk = await makeStaff(database().db, library.institutionId, { roleCode: 'technician' });
    technician = await signInAs(app, desk.username, desk.password);
  });
  afterAll(async () => app.close());

  const preview = (policy: unknown) => technician.request({ method: 'POST', url: '/api/v1/loan-policies/preview', payload: { policy, servicePointId: library.servicePointId } });

  it('gives a 7-day loan made on Monday morning a due date at the end of next Monday', async () => {
    const reply = await preview({ loanable: true, loanPeriod: { kind: 'rolling', period: { amount: 7, unit: 'days' } } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ servicePointId: library.servicePointId, loanedAt: '2026-11-02T17:00:00.000Z', dueAt: '2026-11-10T07:59:00.000Z' });
    expect(reply.json().explanation.length).toBeGreaterThan(0);
  });

  it('says a policy that does not lend gives no due date', async () => {
    const reply = await preview({ loanable: false });
    expect(reply.json()).toMatchObject({ dueAt: null, explanation: ['This policy does not lend items.'] });
  });

  it('names the setting that is wrong, as a save would', async () => {
    const reply = await preview({ loanable: true, loanPeriod: { kind: 'rolling', period: { amount: 0, unit: 'days' } } });
    expect(reply.statusCode).toBe(400);
    expect(JSON.stringify(reply.json().error.details)).toContain('loanPeriod');
  });
});

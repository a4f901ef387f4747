import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('settings: patron groups, material and loan types, fee types and waiver reasons', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  let technician: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    const boss = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    const desk = await makeStaff(database().db, library.institutionId, { roleCode: 'technician' });
    supervisor = await signInAs(app, boss.username, boss.password);
    technician = await signInAs(app, desk.username, desk.password);
  });
  afterAll(async () => app.close());

  it('creates a visiting scholars patron group, renames it, and refuses a code already taken', async () => {
    const created = await supervisor.request({ method: 'POST', url: '/api/v1/patron-groups', payload: { code: 'visiting', name: 'Visiting scholars' } });
    expect(created.statusCode).toBe(201);
    const groupId = created.json().id as string;

    const renamed = await supervisor.request({ method: 'PATCH', url: `/api/v1/patron-groups/${groupId}`, payload: { name: 'Visiting researchers', description: 'Up to one year' } });
    expect(renamed.json()).toMatchObject({ code: 'visiting', name: 'Visiting researchers', description: 'Up to one year' });

    const list = await supervisor.request({ method: 'GET', url: '/api/v1/patron-groups' });
    expect(list.json().items.map((group: { name: string }) => group.name)).toContain('Visiting researchers');

    const taken = await supervisor.request({ method: 'POST', url: '/api/v1/patron-groups', payload: { code: 'student', name: 'Students again' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('DUPLICATE_CODE');
  });

  it('lets staff who may only read settings see patron groups but not add one', async () => {
    const refused = await technician.request({ method: 'POST', url: '/api/v1/patron-groups', payload: { code: 'alumni', name: 'Alumni' } });
    expect(refused.statusCode).toBe(403);
  });

  it('adds a microfilm material type and a reserve loan type, and edits them', async () => {
    const material = await supervisor.request({ method: 'POST', url: '/api/v1/material-types', payload: { code: 'microfilm', name: 'Microfilm' } });
    expect(material.statusCode).toBe(201);
    const edited = await supervisor.request({ method: 'PATCH', url: `/api/v1/material-types/${material.json().id}`, payload: { name: 'Microfilm reel' } });
    expect(edited.json()).toMatchObject({ code: 'microfilm', name: 'Microfilm reel' });

    const loanType = await supervisor.request({ method: 'POST', url: '/api/v1/loan-types', payload: { code: 'two-hour', name: 'Two-hour reserve' } });
    expect(loanType.statusCode).toBe(201);
    const recoded = await supervisor.request({ method: 'PATCH', url: `/api/v1/loan-types/${loanType.json().id}`, payload: { code: 'microfilm' } });
    expect(recoded.statusCode).toBe(200);
    const types = await supervisor.request({ method: 'GET', url: '/api/v1/loan-types' });
    expect(types.json().items.map((type: { name: string }) => type.name)).toContain('Two-hour reserve');
  });

  it('takes a fee type and a waiver reason out of use, and back', async () => {
    const feeType = await supervisor.request({ method: 'POST', url: '/api/v1/fee-types', payload: { code: 'headphones', name: 'Lost headphones', kind: 'manual', defaultAmountCents: 1500 } });
    const changed = await supervisor.request({ method: 'PATCH', url: `/api/v1/fee-types/${feeType.json().id}`, payload: { active: false, defaultAmountCents: 2000 } });
    expect(changed.json()).toMatchObject({ name: 'Lost headphones', defaultAmountCents: 2000, active: false });

    const reason = await supervisor.request({ method: 'POST', url: '/api/v1/waiver-reasons', payload: { code: 'goodwill', name: 'Goodwill' } });
    const off = await supervisor.request({ method: 'PATCH', url: `/api/v1/waiver-reasons/${reason.json().id}`, payload: { active: false } });
    expect(off.json()).toMatchObject({ code: 'goodwill', active: false });
    const reasons = await supervisor.request({ method: 'GET', url: '/api/v1/waiver-reasons' });
    expect(reasons.json().items.find((row: { code: string }) => row.code === 'goodwill')).toMatchObject({ active: false });
    const on = await supervisor.request({ method: 'PATCH', url: `/api/v1/waiver-reasons/${reason.json().id}`, payload: { active: true, name: 'Goodwill gesture' } });
    expect(on.json()).toMatchObject({ name: 'Goodwill gesture', active: true });
  });
});

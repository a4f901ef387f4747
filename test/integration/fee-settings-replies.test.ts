import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { chargeFeeAt } from '../support/factories/fees-desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

// Replies are sent through their declared shapes: these routes answer the whole record the settings screens show
// again after a save, nothing dropped on the way.
describeOnBothDatabases('fee settings and bursar batch replies', (database) => {
  const clock = fixedClock('2026-10-05T16:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let admin: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'supervisor' });
    admin = await signInAs(app, staff.username, staff.password);
  });
  afterAll(async () => app.close());

  it('editing a fee type answers the whole fee type as saved', async () => {
    const created = (await admin.request({ method: 'POST', url: '/api/v1/fee-types', payload: { code: 'printing', name: 'Printing', kind: 'manual', defaultAmountCents: 150 } })).json();
    const reply = await admin.request({ method: 'PATCH', url: `/api/v1/fee-types/${created.id}`, payload: { name: 'Printing and copying', defaultAmountCents: 25, active: false } });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toEqual({ id: created.id, code: 'printing', name: 'Printing and copying', kind: 'manual', defaultAmountCents: 25, active: false });
  });

  it('editing a waiver reason answers the whole reason as saved', async () => {
    const created = (await admin.request({ method: 'POST', url: '/api/v1/waiver-reasons', payload: { code: 'hardship', name: 'Hardship' } })).json();
    const reply = await admin.request({ method: 'PATCH', url: `/api/v1/waiver-reasons/${created.id}`, payload: { name: 'Patron hardship', active: false } });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toEqual({ id: created.id, code: 'hardship', name: 'Patron hardship', active: false });
  });

  it('one bursar batch answers the batch, its lines and its file', async () => {
    const db = database().db;
    await admin.request({ method: 'PUT', url: '/api/v1/bursar/rules', payload: { rules: [{ patronGroupId: library.patronGroups.student!, minAgeDays: 30, enabled: true }] } });
    const patron = await makePatron(db, library.institutionId, { lastName: 'Okafor', firstName: 'Ada', externalId: 'S-100' });
    const feeId = await chargeFeeAt(db, library.institutionId, patron.id, '2026-08-01T12:00:00Z', 1250);
    const batch = (await admin.request({ method: 'POST', url: '/api/v1/bursar/batches', payload: { columns: ['externalId', 'amountCents'] } })).json().batch;

    const reply = await admin.request({ method: 'GET', url: `/api/v1/bursar/batches/${batch.id}` });
    expect(reply.statusCode, reply.body).toBe(200);
    const body = reply.json();
    expect(Object.keys(body).sort()).toEqual(['batch', 'csv', 'lines']);
    expect(body.batch).toMatchObject({ id: batch.id, status: 'exported', feeCount: 1, totalCents: 1250, columns: ['externalId', 'amountCents'], reversedAt: null });
    expect(body.lines).toMatchObject([{ feeId, patronId: patron.id, externalId: 'S-100', lastName: 'Okafor', firstName: 'Ada', patronGroupCode: 'student', amountCents: 1250 }]);
    expect(body.csv).toBe('externalId,amountCents\r\nS-100,1250\r\n');
  });
});

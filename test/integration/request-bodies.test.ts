import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { RouteAccessEntry } from '../../src/http/access.ts';
import { setPatronPin } from '../../src/modules/patrons/patron.service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { systemActor } from '../support/factories/fee-ledger.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, signInToPortalAs, type StaffSession } from '../support/http.ts';

const nobodysId = '00000000-0000-4000-8000-000000000000';

function anyUrl(url: string): string {
  return url.replace(/:kind\b/, 'loan-policy').replace(/:language\b/, 'en').replace(/:receiptFile\b/, `${nobodysId}.html`).replace(/:[A-Za-z]+/g, nobodysId);
}

describeOnBothDatabases('every request body refuses fields the route does not take', (database) => {
  const clock = fixedClock('2026-10-14T17:00:00Z');
  let app: FastifyInstance;
  let routes: RouteAccessEntry[];
  let admin: StaffSession;
  let patron: StaffSession;

  beforeAll(async () => {
    ({ app, routeAccessList: routes } = await buildTestApp(database(), clock));
    const library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    admin = await signInAs(app, staff.username, staff.password);
    const reader = await makePatron(database().db, library.institutionId);
    await setPatronPin(database().db, clock, systemActor(library.institutionId), reader.id, '8642');
    patron = await signInToPortalAs(app, library.code, reader.barcode, '8642');
  });
  afterAll(async () => app.close());

  it('answers 400 VALIDATION_FAILED naming the unknown field on every route that takes a body', async () => {
    const writes = routes.filter((route) => route.method !== 'GET' && !route.url.endsWith('/sign-out'));
    expect(writes.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const route of writes) {
      const options: InjectOptions = { method: route.method as 'POST', url: anyUrl(route.url), payload: { notAField: true } };
      const reply = route.access === 'public' ? await app.inject(options) : route.access === 'patron' ? await patron.request(options) : await admin.request(options);
      const error = reply.json().error;
      const named = Array.isArray(error?.details) && error.details.some((problem: { field: string; code?: string }) => problem.field === 'body.notAField' && problem.code === 'UNKNOWN_FIELD');
      if (reply.statusCode !== 400 || error.code !== 'VALIDATION_FAILED' || !named) wrong.push(`${route.method} ${route.url} → ${reply.statusCode} ${reply.body.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses unknown fields inside nested objects and lists too, naming where they are', async () => {
    const reply = await admin.request({ method: 'PATCH', url: `/api/v1/patrons/${nobodysId}`, payload: { address: { line1: '1 Main St', postcode: '97201' } } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.details).toEqual([{ field: 'body.address.postcode', message: 'is not a field this request takes', code: 'UNKNOWN_FIELD' }]);
  });

  it('shows in the OpenAPI document that request bodies take no other fields', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const checkIn = document.paths['/api/v1/circulation/check-in'].post.requestBody.content['application/json'].schema;
    expect(checkIn.additionalProperties).toBe(false);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { RouteAccessEntry } from '../../src/http/access.ts';
import { createRole } from '../../src/modules/staff/staff.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

// Adding a route that anyone may call is a decision: it has to be added here too.
const publicRoutes = ['POST /api/v1/auth/sign-in', 'POST /api/v1/portal/sign-in', 'GET /api/v1/portal/libraries'];

function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}

describeOnBothDatabases('every route declares and enforces its access', (database) => {
  let app: FastifyInstance;
  let routes: RouteAccessEntry[];
  let powerless: StaffSession;

  beforeAll(async () => {
    ({ app, routeAccessList: routes } = await buildTestApp(database()));
    const library = await makeInstitution(database().db);
    await createRole(database().db, systemClock, { kind: 'system', id: null, name: 'test', institutionId: library.institutionId }, { code: 'no-rights', name: 'No rights', permissions: [] });
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'no-rights' });
    powerless = await signInAs(app, staff.username, staff.password);
  });
  afterAll(async () => app.close());

  it('lists every API route with its permission', () => {
    expect(routes.length).toBeGreaterThan(5);
    const table = routes.map((route) => `${route.method.padEnd(6)} ${route.url.padEnd(60)} ${route.access}`).sort();
    console.log(`Routes and their access (${routes.length}):\n${table.join('\n')}`);
    for (const route of routes) expect(route.access, `${route.method} ${route.url}`).toBeTruthy();
  });

  it('has no public routes beyond the known list', () => {
    const found = routes.filter((route) => route.access === 'public').map((route) => `${route.method} ${route.url}`);
    expect(found.sort()).toEqual([...publicRoutes].sort());
  });

  it('asks an anonymous caller to sign in on every non-public route', async () => {
    for (const route of routes.filter((entry) => entry.access !== 'public')) {
      const reply = await app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), payload: route.method === 'GET' ? undefined : {} });
      expect(reply.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('refuses staff without the permission on every permission-guarded route', async () => {
    for (const route of routes.filter((entry) => entry.access !== 'public' && entry.access !== 'signed-in' && entry.access !== 'patron')) {
      const reply = await powerless.request({ method: route.method as 'GET', url: concreteUrl(route.url), payload: route.method === 'GET' ? undefined : {} });
      expect(reply.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(reply.json().error.details.permission).toBe(route.access);
    }
  });
});

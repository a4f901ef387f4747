import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeOnBothDatabases } from '../support/databases.ts';
import { buildTestApp } from '../support/http.ts';

describeOnBothDatabases('health, OpenAPI and error replies', (database, dialect) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await buildTestApp(database()));
  });
  afterAll(async () => app.close());

  it('reports healthy with the database reachable and migrations current', async () => {
    const reply = await app.inject({ method: 'GET', url: '/healthz' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok', database: dialect, pendingMigrations: [] });
  });

  it('describes the API in OpenAPI 3 with the sign-in route', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(reply.statusCode).toBe(200);
    const document = reply.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.paths['/api/v1/auth/sign-in'].post.requestBody).toBeDefined();
  });

  it('serves browsable API docs', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/html/);
  });

  it('answers unknown API paths with the error shape', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('refuses invalid input with VALIDATION_FAILED and says which field', async () => {
    const reply = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: '' } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.code).toBe('VALIDATION_FAILED');
    expect(reply.json().error.message).toMatch(/password/);
  });

  it('sends security headers', async () => {
    const reply = await app.inject({ method: 'GET', url: '/healthz' });
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { RouteAccessEntry } from '../../src/http/access.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { fillRouteUrl, makeStockedLibrary, type StockedLibrary } from '../support/factories/route-ids.ts';
import { signInAs, signInToPortalAs, type StaffSession } from '../support/http.ts';

// A field with one of these names holding a string is a secret on its way out, whatever it holds.
const secretFieldName = /^(pin|pinHash|pin_hash|password|passwordHash|password_hash|secret|.*Secret|token|.*Token|.*_token|.*Hash|.*_hash)$/i;

/** Where in a reply body a secret shows: a hash, a secret-named field, or one of the secret values. */
function secretsIn(body: string, values: string[]): string[] {
  const found: string[] = [];
  if (body.includes('$argon2')) found.push('an argon2 hash');
  for (const value of values) if (body.includes(value)) found.push(`the value ${value}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return found;
  }
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((child, index) => visit(child, `${path}[${index}]`));
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (secretFieldName.test(key) && typeof child === 'string' && child !== '') found.push(`field ${path}.${key}`);
        visit(child, `${path}.${key}`);
      }
    }
  };
  visit(parsed, '$');
  return found;
}

describeOnBothDatabases('PINs, passwords and other secrets never leave the server', (database) => {
  const clock = fixedClock('2026-10-14T17:00:00Z');
  const logLines: string[] = [];
  let app: FastifyInstance;
  let routes: RouteAccessEntry[];
  let library: StockedLibrary;
  let admin: StaffSession;
  let secretValues: string[];

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    ({ app, routeAccessList: routes } = await buildApp({ database: database(), clock, config: loadConfig({}), logger: { level: 'trace', stream: logStream } }));
    library = await makeStockedLibrary(database(), clock);
    admin = await signInAs(app, library.admin.username, library.admin.password);
    secretValues = [library.secrets.patronPin, library.secrets.staffPassword, library.secrets.sipPassword];
  });
  afterAll(async () => app.close());

  it('returns no hash, secret field or secret value from any GET route an administrator can call', async () => {
    const urls = routes
      .filter((route) => route.method === 'GET')
      .map((route) => fillRouteUrl(route.url, library.ids))
      .filter((url): url is string => url !== undefined);
    urls.push(
      `/api/v1/patrons?barcode=${library.reader.barcode}`,
      '/api/v1/patrons?q=Reader',
      '/api/v1/audit-events?limit=200',
      '/api/v1/staff?limit=200',
      `/api/v1/service-points/${library.ids['service-points']}/calendar/days?from=2026-10-01&to=2026-10-31`,
      `/api/v1/circulation/loans?patronId=${library.reader.id}`,
      `/api/v1/fee-receipts/${library.paymentActionId}.pdf`,
    );
    const leaks: string[] = [];
    let answered = 0;
    for (const url of urls) {
      const reply = await admin.request({ method: 'GET', url });
      if (reply.statusCode === 200) answered += 1;
      // The session's own CSRF token is how the staff client reloads: it is meant to be there.
      const body = url === '/api/v1/auth/session' ? JSON.stringify({ ...reply.json(), csrfToken: undefined }) : reply.body;
      for (const leak of secretsIn(body, secretValues)) leaks.push(`${url}: ${leak}`);
    }
    expect(leaks).toEqual([]);
    expect(answered).toBeGreaterThan(40);
    const patron = (await admin.request({ method: 'GET', url: `/api/v1/patrons/${library.reader.id}` })).json();
    expect(patron).toMatchObject({ id: library.reader.id });
    expect(JSON.stringify(patron)).toMatch(/"hasPin":true/);
  });

  it('declares no secret-named field in any reply shape of the API document (the serializer drops undeclared ones)', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const components: Record<string, unknown> = document.components?.schemas ?? {};
    const declared: string[] = [];
    const seen = new Set<string>();
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((child) => visit(child, where));
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (typeof schema.$ref === 'string') {
        const name = schema.$ref.split('/').pop()!;
        if (!seen.has(name)) {
          seen.add(name);
          visit(components[name], `components.${name}`);
        }
      }
      for (const [field, child] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
        // The session's CSRF token is how the client proves a change is its own: it is meant to be there.
        if (secretFieldName.test(field) && field !== 'csrfToken') declared.push(`${where}.${field}`);
        visit(child, `${where}.${field}`);
      }
      for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf']) visit(schema[key], where);
    };
    let replies = 0;
    for (const [path, operations] of Object.entries<Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!status.startsWith('2')) continue;
          replies += 1;
          for (const content of Object.values(response.content ?? {})) visit(content.schema, `${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(replies).toBeGreaterThan(60);
    expect(declared).toEqual([]);
  });

  it('answers sign-in with the CSRF token only, and PIN or password changes without echoing them', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: library.admin.username, password: library.admin.password } });
    expect(signIn.statusCode).toBe(200);
    const { csrfToken, ...rest } = signIn.json();
    expect(csrfToken).toEqual(expect.any(String));
    expect(secretsIn(JSON.stringify(rest), secretValues)).toEqual([]);

    const newPin = '480215';
    const pinReply = await admin.request({ method: 'PUT', url: `/api/v1/patrons/${library.reader.id}/pin`, payload: { pin: newPin } });
    expect(pinReply.statusCode).toBe(200);
    expect(secretsIn(pinReply.body, [newPin])).toEqual([]);

    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/patrons',
      payload: { barcode: '29990000777', firstName: 'Ines', lastName: 'Pinner', patronGroupId: library.library.patronGroups.student, pin: '905512' },
    });
    expect(created.statusCode).toBe(201);
    expect(secretsIn(created.body, ['905512'])).toEqual([]);

    const staffPassword = 'a long new passphrase';
    const staff = await admin.request({ method: 'POST', url: '/api/v1/staff', payload: { username: 'newdesk', displayName: 'New Desk', password: staffPassword, roleCode: 'technician' } });
    expect(staff.statusCode).toBe(201);
    expect(secretsIn(staff.body, [staffPassword])).toEqual([]);
    const changed = await admin.request({ method: 'PATCH', url: `/api/v1/staff/${staff.json().id}`, payload: { password: 'another passphrase here' } });
    expect(changed.statusCode).toBe(200);
    expect(secretsIn(changed.body, ['another passphrase here'])).toEqual([]);
  });

  it('writes no password or PIN to the log, on success or failure', async () => {
    logLines.length = 0;
    const wrongPassword = 'guessing-wrongly-99';
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: library.admin.username, password: library.admin.password } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: library.admin.username, password: wrongPassword } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'nobody-at-all', password: wrongPassword } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: `{"username":"x","password":"${wrongPassword}"` });
    const pins = ['620481', 'zq7'];
    for (const pin of pins) await admin.request({ method: 'PUT', url: `/api/v1/patrons/${library.reader.id}/pin`, payload: { pin } });
    // The portal: a wrong PIN, then the right one (the first set above; the second is refused as too short), and the account it opens.
    const wrongPin = '517393';
    await app.inject({ method: 'POST', url: '/api/v1/portal/sign-in', payload: { library: library.library.code, barcode: library.reader.barcode, pin: wrongPin } });
    const patron = await signInToPortalAs(app, library.library.code, library.reader.barcode, pins[0]!);
    const account = await patron.request({ method: 'GET', url: '/api/v1/portal/account' });
    expect(account.statusCode).toBe(200);
    expect(secretsIn(account.body, [...pins, wrongPin])).toEqual([]);
    await admin.request({ method: 'PATCH', url: `/api/v1/staff/${library.ids.staff}`, payload: { password: library.secrets.staffPassword } });

    expect(logLines.length).toBeGreaterThan(5);
    const log = logLines.join('\n');
    for (const secret of [library.admin.password, wrongPassword, ...pins, wrongPin, library.secrets.sipPassword]) expect(log, secret).not.toContain(secret);
    expect(log).not.toContain('$argon2');
    expect(log).not.toContain(admin.csrfToken);
    expect(log).not.toContain(admin.cookie.split('=')[1]!);
    expect(log).not.toContain(patron.cookie.split('=')[1]!);
    expect(log).not.toContain(patron.csrfToken);
  });
});

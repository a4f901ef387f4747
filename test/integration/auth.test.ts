import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs } from '../support/http.ts';

describeOnBothDatabases('staff sign-in and access', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let app: FastifyInstance;
  let library: InstitutionFixture;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
  });
  afterAll(async () => app.close());

  it('signs in with the right password and answers who is signed in', async () => {
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'technician' });
    const session = await signInAs(app, staff.username, staff.password);
    const reply = await session.request({ method: 'GET', url: '/api/v1/auth/session' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().staff).toMatchObject({ username: staff.username, role: { code: 'technician' } });
    expect(reply.json().staff.permissions).toContain('circulation.check-out');
  });

  it('sets an httpOnly, SameSite session cookie', async () => {
    const staff = await makeStaff(database().db, library.institutionId);
    const reply = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: staff.username, password: staff.password } });
    const cookie = String(reply.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const staff = await makeStaff(database().db, library.institutionId);
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: staff.username, password: 'nope' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'nobody-here', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('SIGN_IN_FAILED');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('stops one address trying many usernames after 60 sign-ins a minute, with the wait in the answer', async () => {
    const { app: guardedApp } = await buildTestApp(database(), clock);
    try {
      const attempt = (username: string) => guardedApp.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: '203.0.113.9', payload: { username, password: 'guess' } });
      for (let index = 0; index < 60; index += 1) expect((await attempt(`sprayed-${index}`)).statusCode).toBe(401);
      const refused = await attempt('sprayed-60');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: expect.any(Number) } });
      const otherDesk = await guardedApp.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: '203.0.113.10', payload: { username: 'sprayed-0', password: 'guess' } });
      expect(otherDesk.statusCode).toBe(401);
    } finally {
      await guardedApp.close();
    }
  });

  it('locks the account after five wrong passwords, even for the right one, until 15 minutes pass', async () => {
    const staff = await makeStaff(database().db, library.institutionId);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: staff.username, password: 'guess' } });
    }
    const locked = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: staff.username, password: staff.password } });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    clock.advance(16 * 60_000);
    const later = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: staff.username, password: staff.password } });
    expect(later.statusCode).toBe(200);
  });

  it('answers an unknown username exactly as a real one, through five wrong passwords and after', async () => {
    const staff = await makeStaff(database().db, library.institutionId);
    const attempt = (username: string) => app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: '192.0.2.44', payload: { username, password: 'guess' } });
    for (let round = 1; round <= 7; round += 1) {
      const [real, unknown] = [await attempt(staff.username), await attempt(`${staff.username}-nobody`)];
      expect(unknown.statusCode, `round ${round}`).toBe(real.statusCode);
      expect(unknown.json(), `round ${round}`).toEqual(real.json());
      expect(real.statusCode, `round ${round}`).toBe(round <= 5 ? 401 : 423);
    }
  });

  it('pauses only the address that guessed: the real user signs in from their own desk, and a supervisor can clear the pause', async () => {
    const staff = await makeStaff(database().db, library.institutionId);
    const from = (remoteAddress: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress, payload: { username: staff.username, password } });
    for (let attempt = 0; attempt < 6; attempt += 1) await from('198.51.100.7', 'guess');
    expect((await from('198.51.100.7', staff.password)).statusCode).toBe(423);
    expect((await from('198.51.100.8', staff.password)).statusCode).toBe(200);
    const admin = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    const supervisor = await signInAs(app, admin.username, admin.password);
    const listed = (await supervisor.request({ method: 'GET', url: '/api/v1/staff?limit=500' })).json().items.find((row: { id: string }) => row.id === staff.id);
    expect(listed.lockedUntil).toBe(new Date(clock.now().getTime() + 15 * 60_000).toISOString());
    expect((await supervisor.request({ method: 'PATCH', url: `/api/v1/staff/${staff.id}`, payload: { unlock: true } })).statusCode).toBe(200);
    expect((await from('198.51.100.7', staff.password)).statusCode).toBe(200);
  });

  it('ends a staff session after STAFF_SESSION_MAX_HOURS however busy it is, and sweeps expired sessions away', async () => {
    const { app: shortDays } = await buildTestApp(database(), clock, { staffSessionMaxHours: 3 });
    try {
      const staff = await makeStaff(database().db, library.institutionId);
      const session = await signInAs(shortDays, staff.username, staff.password);
      const cookie = await shortDays.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: staff.username, password: staff.password } });
      expect(String(cookie.headers['set-cookie'])).toMatch(/Max-Age=10800/);
      for (let hour = 1; hour < 3; hour += 1) {
        clock.advance(59 * 60_000);
        expect((await session.request({ method: 'GET', url: '/api/v1/auth/session' })).statusCode, `after ${hour} hours`).toBe(200);
      }
      clock.advance(63 * 60_000);
      expect((await session.request({ method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
      const rows = () => database().db.selectFrom('staff_session').select('id').where('staff_id', '=', staff.id).execute();
      expect(await rows()).toHaveLength(2);
      await signInAs(shortDays, staff.username, staff.password);
      expect(await rows()).toHaveLength(1);
    } finally {
      await shortDays.close();
    }
  });

  it('marks the session cookie Secure when the request came over HTTPS or the site says it is served over HTTPS', async () => {
    const staff = await makeStaff(database().db, library.institutionId);
    const signIn = (target: FastifyInstance, headers: Record<string, string> = {}) =>
      target.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers, payload: { username: staff.username, password: staff.password } });
    expect(String((await signIn(app)).headers['set-cookie'])).not.toMatch(/Secure/i);
    const { app: behindTls } = await buildTestApp(database(), clock, { publicUrl: 'https://library.example.edu' });
    const { app: behindProxy } = await buildTestApp(database(), clock, { trustProxy: true });
    try {
      expect(String((await signIn(behindTls)).headers['set-cookie'])).toMatch(/; Secure/i);
      expect(String((await signIn(behindProxy, { 'x-forwarded-proto': 'https' })).headers['set-cookie'])).toMatch(/; Secure/i);
      expect(String((await signIn(behindProxy)).headers['set-cookie'])).not.toMatch(/Secure/i);
    } finally {
      await behindTls.close();
      await behindProxy.close();
    }
  });

  it('rejects a state-changing request without the CSRF token', async () => {
    const staff = await makeStaff(database().db, library.institutionId);
    const session = await signInAs(app, staff.username, staff.password);
    const withoutToken = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: session.cookie } });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const withToken = await session.request({ method: 'POST', url: '/api/v1/auth/sign-out' });
    expect(withToken.statusCode).toBe(200);
    const afterSignOut = await session.request({ method: 'GET', url: '/api/v1/auth/session' });
    expect(afterSignOut.statusCode).toBe(401);
  });

  it('refuses a route the role lacks the permission for, naming the permission', async () => {
    const student = await makeStaff(database().db, library.institutionId, { roleCode: 'student-worker' });
    const session = await signInAs(app, student.username, student.password);
    const reply = await session.request({ method: 'GET', url: '/api/v1/audit-events' });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'audit.read' } });
  });

  it('asks anonymous callers to sign in', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/v1/staff' });
    expect(reply.statusCode).toBe(401);
    expect(reply.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('records the lock-out in the audit log', async () => {
    const admin = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    const session = await signInAs(app, admin.username, admin.password);
    const reply = await session.request({ method: 'GET', url: '/api/v1/audit-events?action=staff.locked-out' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().total).toBeGreaterThanOrEqual(1);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';
import { syncBuiltInRolesOfAllInstitutions } from '../../src/modules/staff/staff.service.ts';
import { builtInRoles } from '../../src/modules/staff/permissions.ts';

describeOnBothDatabases('staff accounts and roles', (database) => {
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let admin: StaffSession;

  beforeAll(async () => {
    ({ app } = await buildTestApp(database()));
    library = await makeInstitution(database().db);
    const account = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    admin = await signInAs(app, account.username, account.password);
  });
  afterAll(async () => app.close());

  it('creates a student worker who can check out but cannot waive fees', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/staff',
      payload: { username: 'jordan.lee', displayName: 'Jordan Lee', password: 'shelf-reading', roleCode: 'student-worker' },
    });
    expect(created.statusCode).toBe(201);
    const jordan = await signInAs(app, 'jordan.lee', 'shelf-reading');
    const session = (await jordan.request({ method: 'GET', url: '/api/v1/auth/session' })).json();
    expect(session.staff.permissions).toContain('circulation.check-out');
    expect(session.staff.permissions).not.toContain('fees.waive');
  });

  it('refuses a username that is taken', async () => {
    const existing = await makeStaff(database().db, library.institutionId);
    const reply = await admin.request({ method: 'POST', url: '/api/v1/staff', payload: { username: existing.username, displayName: 'Again', password: 'long enough', roleCode: 'technician' } });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error.code).toBe('DUPLICATE_USERNAME');
  });

  it('lets a supervisor unlock an account locked after wrong passwords', async () => {
    const locked = await makeStaff(database().db, library.institutionId);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: locked.username, password: 'wrong' } });
    }
    const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: locked.username, password: locked.password } });
    expect(refused.json().error.code).toBe('ACCOUNT_LOCKED');
    const unlock = await admin.request({ method: 'PATCH', url: `/api/v1/staff/${locked.id}`, payload: { unlock: true } });
    expect(unlock.statusCode).toBe(200);
    await expect(signInAs(app, locked.username, locked.password)).resolves.toBeDefined();
  });

  it('ends open sessions when an account is deactivated', async () => {
    const leaving = await makeStaff(database().db, library.institutionId);
    const session = await signInAs(app, leaving.username, leaving.password);
    await admin.request({ method: 'PATCH', url: `/api/v1/staff/${leaving.id}`, payload: { active: false } });
    expect((await session.request({ method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: leaving.username, password: leaving.password } });
    expect(again.json().error.code).toBe('SIGN_IN_FAILED');
  });

  it('builds a custom role from named permissions and changes it later, audited', async () => {
    const created = await admin.request({ method: 'POST', url: '/api/v1/roles', payload: { code: 'reserves-assistant', name: 'Reserves assistant', permissions: ['catalog.read', 'circulation.check-out'] } });
    expect(created.statusCode).toBe(201);
    const unknown = await admin.request({ method: 'POST', url: '/api/v1/roles', payload: { code: 'odd', name: 'Odd', permissions: ['circulation.teleport'] } });
    expect(unknown.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { unknown: ['circulation.teleport'] } });
    const roleId = created.json().id as string;
    await admin.request({ method: 'PATCH', url: `/api/v1/roles/${roleId}`, payload: { permissions: ['catalog.read'] } });
    const roles = (await admin.request({ method: 'GET', url: '/api/v1/roles' })).json();
    expect(roles.items.find((role: { id: string }) => role.id === roleId).permissions).toEqual(['catalog.read']);
    const audit = (await admin.request({ method: 'GET', url: `/api/v1/audit-events?entityId=${roleId}` })).json();
    const actions = audit.items.map((event: { action: string }) => event.action);
    expect(actions.sort()).toEqual(['role.create', 'role.update']);
    const update = audit.items.find((event: { action: string }) => event.action === 'role.update');
    expect(update.before.permissions).toEqual(['catalog.read', 'circulation.check-out']);
    expect(update.actor.kind).toBe('staff');
  });

  it('refuses to change the permissions of a built-in role', async () => {
    const roles = (await admin.request({ method: 'GET', url: '/api/v1/roles' })).json();
    const technician = roles.items.find((role: { code: string }) => role.code === 'technician');
    const reply = await admin.request({ method: 'PATCH', url: `/api/v1/roles/${technician.id}`, payload: { permissions: [] } });
    expect(reply.statusCode).toBe(409);
  });

  it('never shows another institution its staff accounts', async () => {
    const other = await makeInstitution(database().db);
    const outsider = await makeStaff(database().db, other.institutionId);
    const list = (await admin.request({ method: 'GET', url: '/api/v1/staff?limit=500' })).json();
    expect(list.items.map((staff: { username: string }) => staff.username)).not.toContain(outsider.username);
    const edit = await admin.request({ method: 'PATCH', url: `/api/v1/staff/${outsider.id}`, payload: { active: false } });
    expect(edit.statusCode).toBe(404);
  });

  it('gives built-in roles the permissions a newer version adds, at start-up', async () => {
    const { db } = database();
    const technician = await db.selectFrom('staff_role').select('id').where('institution_id', '=', library.institutionId).where('code', '=', 'technician').executeTakeFirstOrThrow();
    // As if the database were made by an older version that lacked this permission.
    await db.deleteFrom('staff_role_permission').where('role_id', '=', technician.id).where('permission', '=', 'circulation.check-in').execute();
    await syncBuiltInRolesOfAllInstitutions(db);
    const granted = await db.selectFrom('staff_role_permission').select('permission').where('role_id', '=', technician.id).execute();
    expect(granted.map((row) => row.permission).sort()).toEqual([...builtInRoles.technician.permissions].sort());
  });
});

import { z } from 'zod';
import { actorOf, sessionCookieName, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { sessionCookieOptions } from '../../http/session-cookie.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { lineText } from '../../platform/plain-text.ts';
import { signIn, signOut, type StaffPrincipal } from './auth.service.ts';
import { permissions } from './permissions.ts';
import { signInAttemptsPerMinute } from './sign-in.policy.ts';
import { createdReply, permissionsReply, signedOutReply, staffAccountsReply, staffRolesReply, staffSessionReply, updatedReply } from './staff.replies.ts';
import { rolesOfInstitution, staffAccountsPage } from './staff.reads.ts';
import { createRole, createStaffAccount, updateRole, updateStaffAccount } from './staff.service.ts';

function describeStaff(staff: StaffPrincipal) {
  return {
    id: staff.staffId,
    username: staff.username,
    displayName: staff.displayName,
    role: { code: staff.roleCode, name: staff.roleName },
    institution: { id: staff.institutionId, code: staff.institutionCode, name: staff.institutionName },
    permissions: [...staff.permissions].sort(),
  };
}

export async function staffRoutes(app: CarrelApp, { db, clock, config }: RouteDeps): Promise<void> {
  app.post(
    '/auth/sign-in',
    {
      // The pause per username and address stops guessing one password; this stops one address trying many accounts.
      config: { access: 'public', rateLimit: { max: signInAttemptsPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username and password; sets the session cookie and returns the CSRF token',
        body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: staffSessionReply },
      },
    },
    async (request, reply) => {
      const { token, principal } = await signIn(db, clock, { maxHours: config.staffSessionMaxHours }, { ...request.body, remoteAddress: request.ip });
      reply.setCookie(sessionCookieName, token, sessionCookieOptions(request, config, Math.round(config.staffSessionMaxHours * 3600)));
      return { staff: describeStaff(principal), csrfToken: principal.csrfToken };
    },
  );

  app.post('/auth/sign-out', { config: { access: 'signed-in' }, schema: { tags: ['auth'], summary: 'End this session', response: { 200: signedOutReply } } }, async (request, reply) => {
    await signOut(db, staffOf(request).sessionId);
    reply.clearCookie(sessionCookieName, { path: '/' });
    return { signedOut: true };
  });

  app.get('/auth/session', { config: { access: 'signed-in' }, schema: { tags: ['auth'], summary: 'Who is signed in, and the CSRF token', response: { 200: staffSessionReply } } }, async (request) => {
    const staff = staffOf(request);
    return { staff: describeStaff(staff), csrfToken: staff.csrfToken };
  });

  app.get('/permissions', { config: { access: 'staff.read' }, schema: { tags: ['staff'], summary: 'Every named permission', response: { 200: permissionsReply } } }, async () => ({
    items: Object.entries(permissions).map(([name, description]) => ({ name, description })),
    total: Object.keys(permissions).length,
  }));

  app.get('/staff', { config: { access: 'staff.read' }, schema: { tags: ['staff'], summary: 'Staff accounts', querystring: pageQuery, response: { 200: staffAccountsReply } } }, async (request) =>
    staffAccountsPage(db, staffOf(request).institutionId, request.query),
  );

  app.post(
    '/staff',
    {
      config: { access: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Create a staff account',
        body: z.object({
          username: z.string().trim().min(2).max(64).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash and underscore only'),
          displayName: lineText(200).min(1),
          email: z.email().optional(),
          password: z.string().min(8, 'at least 8 characters').max(200),
          roleCode: z.string().min(1),
        }),
        response: { 201: createdReply },
      },
    },
    async (request, reply) => {
      const created = await createStaffAccount(db, clock, actorOf(request), { ...request.body, institutionId: staffOf(request).institutionId });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/staff/:id',
    {
      config: { access: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Edit a staff account: name, email, role, active, unlock, password',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          displayName: lineText(200).min(1).optional(),
          email: z.email().nullable().optional(),
          roleCode: z.string().min(1).optional(),
          active: z.boolean().optional(),
          unlock: z.boolean().optional(),
          password: z.string().min(8, 'at least 8 characters').max(200).optional(),
        }),
        response: { 200: updatedReply },
      },
    },
    async (request) => {
      await updateStaffAccount(db, clock, actorOf(request), request.params.id, request.body);
      return { updated: true };
    },
  );

  app.get('/roles', { config: { access: 'staff.read' }, schema: { tags: ['staff'], summary: 'Roles with their permissions', response: { 200: staffRolesReply } } }, async (request) => {
    const roles = await rolesOfInstitution(db, staffOf(request).institutionId);
    return { items: roles, total: roles.length };
  });

  app.post(
    '/roles',
    {
      config: { access: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Create a custom role from named permissions',
        body: z.object({
          code: z.string().trim().min(2).max(64).regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
          name: z.string().trim().min(1).max(200),
          permissions: z.array(z.string()).max(200),
        }),
        response: { 201: createdReply },
      },
    },
    async (request, reply) => reply.status(201).send(await createRole(db, clock, actorOf(request), request.body)),
  );

  app.patch(
    '/roles/:id',
    {
      config: { access: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: "Change a custom role's name or permissions",
        params: z.object({ id: z.uuid() }),
        body: z.object({ name: z.string().trim().min(1).max(200).optional(), permissions: z.array(z.string()).max(200).optional() }),
        response: { 200: updatedReply },
      },
    },
    async (request) => {
      await updateRole(db, clock, actorOf(request), request.params.id, request.body);
      return { updated: true };
    },
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../modules/audit/audit.queries.ts';
import { principalOfSession, sameSecret, type StaffPrincipal } from '../modules/staff/auth.service.ts';
import { isPermission, type RouteAccess } from '../modules/staff/permissions.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route must say who may call it; a route without this fails at start-up. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    staff?: StaffPrincipal;
  }
}

export const sessionCookieName = 'carrel_session';
const readOnlyMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Installs the access rules: every /api route declares its access, the session cookie is turned
 * into the signed-in staff member, the permission is checked, and state-changing requests must
 * echo the session's CSRF token. Returns the list of routes with their access, for the test that
 * proves none was forgotten.
 */
export function installAccessControl(app: FastifyInstance, db: Kysely<Database>, clock: Clock): RouteAccessEntry[] {
  const routeAccessList: RouteAccessEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/api/v1') || route.url.startsWith('/api/v1/openapi')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} does not declare its access (config.access).`);
    if (access !== 'public' && access !== 'signed-in' && !isPermission(access)) {
      throw new Error(`Route ${route.url} names an unknown permission: ${access}`);
    }
    for (const method of methods) if (method !== 'HEAD') routeAccessList.push({ method, url: route.url, access });
  });

  // onRequest: refuse before the body is even parsed or validated, so no input reveals anything.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    const token = request.cookies[sessionCookieName];
    const staff = token ? await principalOfSession(db, clock, token) : undefined;
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'Please sign in.');
    request.staff = staff;
    if (!readOnlyMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, staff.csrfToken)) {
        throw new DomainError('CSRF_TOKEN_INVALID', 'This request is missing its security token; reload the page and try again.');
      }
    }
    if (access !== 'signed-in' && !staff.permissions.has(access)) {
      throw new DomainError('FORBIDDEN', `You need the ${access} permission to do this.`, { permission: access });
    }
  });
  return routeAccessList;
}

/** The signed-in staff member of a route that requires one. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new DomainError('UNAUTHENTICATED', 'Please sign in.');
  return request.staff;
}

/** The actor recorded in audit events for a staff request. */
export function actorOf(request: FastifyRequest): Actor {
  const staff = staffOf(request);
  return { kind: 'staff', id: staff.staffId, name: staff.username, institutionId: staff.institutionId, requestId: request.id };
}

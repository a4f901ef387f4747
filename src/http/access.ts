import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../modules/audit/index.ts';
import { patronActor, principalOfPortalSession, type PatronPrincipal } from '../modules/portal/index.ts';
import { principalOfSession, sameSecret, type StaffPrincipal, type StaffSessionRules } from '../modules/staff/index.ts';
import { isPermission, type RouteAccess } from '../modules/staff/index.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route must say who may call it; a route without this fails at start-up. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    staff?: StaffPrincipal;
    patron?: PatronPrincipal;
  }
}

export const sessionCookieName = 'carrel_session';
/** The patron portal's own cookie: a patron session never opens a staff route, nor the reverse. */
export const portalCookieName = 'carrel_portal_session';
const readOnlyMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Installs the access rules: every /api route declares its access, the session cookie is turned
 * into the signed-in staff member (or, on portal routes, the portal cookie into the patron), the
 * permission is checked, and state-changing requests must echo the session's CSRF token. Returns the list of routes with their access, for the test that
 * proves none was forgotten.
 */
export function installAccessControl(app: FastifyInstance, db: Kysely<Database>, clock: Clock, staffSessions: StaffSessionRules): RouteAccessEntry[] {
  const routeAccessList: RouteAccessEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/api/v1') || route.url.startsWith('/api/v1/openapi')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} does not declare its access (config.access).`);
    if (access !== 'public' && access !== 'signed-in' && access !== 'patron' && !isPermission(access)) {
      throw new Error(`Route ${route.url} names an unknown permission: ${access}`);
    }
    for (const method of methods) if (method !== 'HEAD') routeAccessList.push({ method, url: route.url, access });
  });

  // onRequest: refuse before the body is even parsed or validated, so no input reveals anything.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (access === 'patron') {
      const token = request.cookies[portalCookieName];
      const patron = token ? await principalOfPortalSession(db, clock, token) : undefined;
      if (!patron) throw new DomainError('UNAUTHENTICATED', 'Please sign in with your library card and PIN.');
      request.patron = patron;
      requireCsrfToken(request, patron.csrfToken);
      return;
    }
    const token = request.cookies[sessionCookieName];
    const staff = token ? await principalOfSession(db, clock, staffSessions, token) : undefined;
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'Please sign in.');
    request.staff = staff;
    requireCsrfToken(request, staff.csrfToken);
    if (access !== 'signed-in' && !staff.permissions.has(access)) {
      throw new DomainError('FORBIDDEN', `You need the ${access} permission to do this.`, { permission: access });
    }
  });
  return routeAccessList;
}

function requireCsrfToken(request: FastifyRequest, expected: string): void {
  if (readOnlyMethods.has(request.method)) return;
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !sameSecret(sent, expected)) {
    throw new DomainError('CSRF_TOKEN_INVALID', 'This request is missing its security token; reload the page and try again.');
  }
}

/** The signed-in patron of a portal route: the only patron whose account it may touch. */
export function patronOf(request: FastifyRequest): PatronPrincipal {
  if (!request.patron) throw new DomainError('UNAUTHENTICATED', 'Please sign in with your library card and PIN.');
  return request.patron;
}

/** The actor recorded in audit events for a portal request. */
export function patronActorOf(request: FastifyRequest): Actor {
  return patronActor(patronOf(request), request.id);
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

import { z } from 'zod';
import { patronActorOf, patronOf, portalCookieName } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { sessionCookieOptions } from '../../http/session-cookie.ts';
import { pageQuery } from '../../platform/pagination.ts';
import {
  portalIdleMinutes,
  portalSignInAttemptsPerMinute,
  signInToPortal,
  signOutOfPortal,
  type PatronPrincipal,
} from './portal-session.service.ts';
import { accountOfPatron, librariesForSignIn, pickupDesksOf, searchLibraryCatalog } from './portal.reads.ts';
import {
  portalAccountReply,
  portalCatalogReply,
  portalLibrariesReply,
  portalPickupDesksReply,
  portalPinChangedReply,
  portalRenewalReply,
  portalRenewalsReply,
  portalRequestReply,
  portalSessionReply,
  portalSignedOutReply,
} from './portal.replies.ts';
import { cancelOwnRequest, changeOwnPin, renewOwnLoan, renewOwnLoans, requestTitle } from './portal.service.ts';

function describePatron(patron: PatronPrincipal) {
  return { displayName: patron.displayName, library: patron.library };
}

const idParams = z.object({ id: z.uuid() });
/** The same rule as a PIN set at the desk. */
const pin = z.string().min(4, 'at least 4 characters').max(32, 'at most 32 characters');

/**
 * The patron portal's API: a patron signs in with card and PIN and then reaches only their own
 * account. Every route here is 'patron' access: the patron comes from the portal cookie, never
 * from an id in the request.
 */
export async function portalRoutes(app: CarrelApp, deps: RouteDeps): Promise<void> {
  const { db, clock, config } = deps;

  app.get('/portal/libraries', { config: { access: 'public' }, schema: { tags: ['portal'], summary: 'Libraries a patron can sign in to', response: { 200: portalLibrariesReply } } }, async () => {
    const items = await librariesForSignIn(db);
    return { items, total: items.length };
  });

  app.post(
    '/portal/sign-in',
    {
      // The PIN lockout guards each card; this stops one address trying many cards.
      config: { access: 'public', rateLimit: { max: portalSignInAttemptsPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['portal'],
        summary: 'Sign in with a library card number and PIN; sets the portal cookie and returns the CSRF token',
        body: z.object({ library: z.string().trim().min(1).max(40), barcode: z.string().trim().min(1).max(64), pin: z.string().min(1).max(64) }),
        response: { 200: portalSessionReply },
      },
    },
    async (request, reply) => {
      const { token, principal } = await signInToPortal(db, clock, request.body);
      reply.setCookie(portalCookieName, token, sessionCookieOptions(request, config, portalIdleMinutes * 60 * 48));
      return { patron: describePatron(principal), csrfToken: principal.csrfToken };
    },
  );

  app.get('/portal/session', { config: { access: 'patron' }, schema: { tags: ['portal'], summary: 'The signed-in patron and the CSRF token', response: { 200: portalSessionReply } } }, async (request) => {
    const patron = patronOf(request);
    return { patron: describePatron(patron), csrfToken: patron.csrfToken };
  });

  app.post('/portal/sign-out', { config: { access: 'patron' }, schema: { tags: ['portal'], summary: 'End this portal session', response: { 200: portalSignedOutReply } } }, async (request, reply) => {
    await signOutOfPortal(db, patronOf(request).sessionId);
    reply.clearCookie(portalCookieName, { path: '/' });
    return { signedOut: true as const };
  });

  app.get('/portal/account', { config: { access: 'patron' }, schema: { tags: ['portal'], summary: 'My loans, requests, fees and blocks', response: { 200: portalAccountReply } } }, async (request) => {
    const patron = patronOf(request);
    return accountOfPatron(db, patron.library, patron.institutionId, patron.patronId, clock.now());
  });

  app.post(
    '/portal/loans/:id/renew',
    { config: { access: 'patron' }, schema: { tags: ['portal'], summary: 'Renew one of my loans', params: idParams, response: { 200: portalRenewalReply } } },
    async (request) => {
      const loan = await renewOwnLoan(deps, patronActorOf(request), request.params.id);
      return { loan };
    },
  );

  app.post('/portal/loans/renew-all', { config: { access: 'patron' }, schema: { tags: ['portal'], summary: 'Renew all my loans, each on its own', response: { 200: portalRenewalsReply } } }, async (request) =>
    renewOwnLoans(deps, patronActorOf(request)),
  );

  app.get(
    '/portal/catalog',
    {
      config: { access: 'patron' },
      schema: { tags: ['portal'], summary: 'Search the catalogue of my library', querystring: pageQuery.extend({ q: z.string().trim().min(1).max(200) }), response: { 200: portalCatalogReply } },
    },
    async (request) => searchLibraryCatalog(db, patronOf(request).institutionId, request.query),
  );

  app.get('/portal/pickup-locations', { config: { access: 'patron' }, schema: { tags: ['portal'], summary: 'Desks where I can pick up requests', response: { 200: portalPickupDesksReply } } }, async (request) => {
    const items = await pickupDesksOf(db, patronOf(request).institutionId);
    return { items, total: items.length };
  });

  app.post(
    '/portal/requests',
    {
      config: { access: 'patron' },
      schema: {
        tags: ['portal'],
        summary: 'Request a title for pickup (fetched from the shelf when a copy is in, otherwise the next copy returned)',
        body: z.object({ instanceId: z.uuid(), pickupServicePointId: z.uuid(), notNeededAfter: z.iso.date().optional() }),
        response: { 201: portalRequestReply },
      },
    },
    async (request, reply) => {
      const placed = await requestTitle(deps, patronActorOf(request), request.body);
      return reply.status(201).send({ request: placed });
    },
  );

  app.post(
    '/portal/requests/:id/cancel',
    { config: { access: 'patron' }, schema: { tags: ['portal'], summary: 'Cancel one of my requests', params: idParams, response: { 200: portalRequestReply } } },
    async (request) => {
      const cancelled = await cancelOwnRequest(deps, patronActorOf(request), request.params.id);
      return { request: cancelled };
    },
  );

  app.put(
    '/portal/pin',
    {
      config: { access: 'patron' },
      schema: { tags: ['portal'], summary: 'Change my PIN (the current one is needed); my other portal sessions end', body: z.object({ currentPin: z.string().min(1).max(64), newPin: pin }), response: { 200: portalPinChangedReply } },
    },
    async (request) => {
      await changeOwnPin(db, clock, patronActorOf(request), patronOf(request).sessionId, request.body);
      return { changed: true as const };
    },
  );
}

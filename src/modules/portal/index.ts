/** What the HTTP layer may use of the portal: finding the patron of a portal session. */
export { patronActor, principalOfPortalSession } from './portal-session.service.ts';
export type { PatronPrincipal } from './portal-session.service.ts';

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { checkPatronPin } from '../patrons/index.ts';
import { keepSessionAlive, sessionIdOfToken } from '../staff/index.ts';
import { deleteExpiredPortalSessions, deletePortalSession, findPatronForSignIn, findPortalSession, insertPortalSession, type PortalLibrary } from './portal-session.queries.ts';

/** Portals run on shared computers: a session ends after this long without use, and after a day at most. */
export const portalIdleMinutes = 30;
export const portalLongestSessionHours = 24;
/** PIN tries one network address may make per minute, whatever the cards: the PIN lockout guards each card. */
export const portalSignInAttemptsPerMinute = 20;

export interface PatronPrincipal {
  patronId: string;
  institutionId: string;
  displayName: string;
  library: PortalLibrary;
  sessionId: string;
  csrfToken: string;
}

/**
 * One answer for an unknown card, a wrong PIN, a card without a PIN, a locked PIN and a closed
 * account, so that the portal never tells a stranger whether a card number exists.
 */
const signInFailed = () =>
  new DomainError(
    'PORTAL_SIGN_IN_FAILED',
    'That library card number and PIN did not work. Check them and try again; after 5 wrong tries the PIN rests for 15 minutes. A desk can help.',
  );

export function patronActor(patron: PatronPrincipal, requestId?: string): Actor {
  return { kind: 'patron', id: patron.patronId, name: patron.displayName, institutionId: patron.institutionId, ...(requestId ? { requestId } : {}) };
}

export async function signInToPortal(db: Kysely<Database>, clock: Clock, input: { library: string; barcode: string; pin: string }): Promise<{ token: string; principal: PatronPrincipal }> {
  const patron = await findPatronForSignIn(db, input.library, input.barcode);
  const check = await checkPatronPin(db, clock, patron?.institutionId ?? '', patron?.id, input.pin);
  if (check !== 'valid' || !patron || patron.status !== 'active') throw signInFailed();

  const now = clock.now();
  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOfToken(token);
  await db.transaction().execute(async (trx) => {
    await deleteExpiredPortalSessions(trx, now);
    await insertPortalSession(trx, {
      id: sessionId,
      patron_id: patron.id,
      institution_id: patron.institutionId,
      csrf_token: randomBytes(24).toString('base64url'),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: idleExpiry(now, now).toISOString(),
    });
    await recordAuditEvent(trx, { kind: 'patron', id: patron.id, name: patron.barcode, institutionId: patron.institutionId }, now, {
      action: 'portal.sign-in',
      entityType: 'patron',
      entityId: patron.id,
    });
  });
  const principal = await principalOfPortalSession(db, clock, token);
  if (!principal) throw new Error('portal session vanished right after sign-in');
  return { token, principal };
}

/** The idle expiry from a moment of use, never past the session's longest life. */
function idleExpiry(createdAt: Date, usedAt: Date): Date {
  const idle = usedAt.getTime() + portalIdleMinutes * 60_000;
  return new Date(Math.min(idle, createdAt.getTime() + portalLongestSessionHours * 3_600_000));
}

/** The signed-in patron for a portal cookie, or undefined when unknown, expired or the account closed. */
export async function principalOfPortalSession(db: Kysely<Database>, clock: Clock, token: string): Promise<PatronPrincipal | undefined> {
  const session = await findPortalSession(db, sessionIdOfToken(token));
  if (!session || session.patronStatus !== 'active') return undefined;
  const now = clock.now();
  if (!(await keepSessionAlive(db, 'portal_session', session, now, idleExpiry(new Date(session.createdAt), now)))) return undefined;
  return {
    patronId: session.patronId,
    institutionId: session.institutionId,
    displayName: session.displayName,
    library: session.library,
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
  };
}

export async function signOutOfPortal(db: Kysely<Database>, sessionId: string): Promise<void> {
  await deletePortalSession(db, sessionId);
}

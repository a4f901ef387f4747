import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { verifyAgainstDummy, verifySecret } from './password.ts';
import { afterFailedSignIn, isLocked, sessionExpiry, signInLockout } from './sign-in.policy.ts';
import {
  clearSignInFailures,
  deleteExpiredSignIns,
  deleteStaffSession,
  findSessionWithStaff,
  findSignInFailures,
  findStaffByUsername,
  openStaffSession,
  saveSignInFailures,
  slideSessionExpiry,
} from './staff.queries.ts';

export interface StaffPrincipal {
  staffId: string;
  username: string;
  displayName: string;
  institutionId: string;
  institutionCode: string;
  institutionName: string;
  roleCode: string;
  roleName: string;
  permissions: ReadonlySet<string>;
  sessionId: string;
  csrfToken: string;
}

export function sessionIdOfToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const signInFailed = () => new DomainError('SIGN_IN_FAILED', 'The username or password is not right.');

/** How long staff sessions last: `maxHours` after sign-in at most (STAFF_SESSION_MAX_HOURS). */
export interface StaffSessionRules {
  maxHours: number;
}

/**
 * Check a username and password and open a session. Unknown usernames, wrong passwords and
 * inactive accounts all get the same answer, after the same argon2 work, so that sign-in does not
 * reveal who has an account; wrong passwords pause that username at that client address only,
 * whether or not it exists, so the pause tells nothing either and locks no one out elsewhere.
 */
export async function signIn(
  db: Kysely<Database>,
  clock: Clock,
  rules: StaffSessionRules,
  input: { username: string; password: string; remoteAddress?: string | undefined },
): Promise<{ token: string; principal: StaffPrincipal }> {
  const now = clock.now();
  const address = input.remoteAddress ?? 'unknown';
  const [account, failures] = await Promise.all([findStaffByUsername(db, input.username), findSignInFailures(db, input.username, address)]);
  const passwordMatches = account ? await verifySecret(account.password_hash, input.password) : (await verifyAgainstDummy(input.password), false);
  if (failures && isLocked(failures.lockedUntil, now)) {
    throw new DomainError(
      'ACCOUNT_LOCKED',
      `Too many wrong passwords for this username from this computer: sign-in here is paused for ${signInLockout.lockMinutes} minutes. Ask a supervisor to unlock it if you need in sooner.`,
      { lockedUntil: failures.lockedUntil },
    );
  }
  if (!account || !passwordMatches || !account.active) {
    const next = afterFailedSignIn(failures, now);
    await db.transaction().execute(async (trx) => {
      await saveSignInFailures(trx, input.username, address, next);
      if (next.lockedUntil && account) {
        await recordAuditEvent(trx, { kind: 'system', id: null, name: 'sign-in', institutionId: account.institution_id }, now, {
          action: 'staff.locked-out',
          entityType: 'staff_account',
          entityId: account.id,
          after: { lockedUntil: next.lockedUntil, remoteAddress: address },
        });
      }
    });
    throw signInFailed();
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = sessionIdOfToken(token);
  await db.transaction().execute(async (trx) => {
    await deleteExpiredSignIns(trx, now, new Date(now.getTime() - signInLockout.lockMinutes * 60_000));
    if (failures) await clearSignInFailures(trx, input.username, address);
    await openStaffSession(
      trx,
      {
        id: sessionId,
        staff_id: account.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: sessionExpiry(now, now, rules.maxHours).toISOString(),
        remote_address: input.remoteAddress ?? null,
      },
      now.toISOString(),
    );
  });
  const principal = await principalOfSession(db, clock, rules, token);
  if (!principal) throw new Error('session vanished right after sign-in');
  return { token, principal };
}

/** The signed-in staff member for a session cookie, or undefined when it is unknown or expired. */
export async function principalOfSession(db: Kysely<Database>, clock: Clock, rules: StaffSessionRules, token: string): Promise<StaffPrincipal | undefined> {
  const session = await findSessionWithStaff(db, sessionIdOfToken(token));
  if (!session || !session.active) return undefined;
  const now = clock.now();
  if (!(await keepSessionAlive(db, 'staff_session', session, now, sessionExpiry(new Date(session.createdAt), now, rules.maxHours)))) return undefined;
  return {
    staffId: session.staffId,
    username: session.username,
    displayName: session.displayName,
    institutionId: session.institutionId,
    institutionCode: session.institutionCode,
    institutionName: session.institutionName,
    roleCode: session.roleCode,
    roleName: session.roleName,
    permissions: new Set(session.permissions),
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
  };
}

/**
 * A session (staff or portal) still in time is used now: its expiry slides to `nextExpiry`,
 * written at most once a minute so that reads stay reads. False when it has already expired.
 */
export async function keepSessionAlive(
  db: Kysely<Database>,
  table: 'staff_session' | 'portal_session',
  session: { sessionId: string; expiresAt: string; lastSeenAt: string },
  now: Date,
  nextExpiry: Date,
): Promise<boolean> {
  if (new Date(session.expiresAt).getTime() <= now.getTime()) return false;
  if (now.getTime() - new Date(session.lastSeenAt).getTime() > 60_000) {
    await slideSessionExpiry(db, table, session.sessionId, now, nextExpiry);
  }
  return true;
}

export async function signOut(db: Kysely<Database>, sessionId: string): Promise<void> {
  await deleteStaffSession(db, sessionId);
}


import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { hashSecret, verifyAgainstDummy, verifySecret } from '../staff/index.ts';
import { servicePointIdOfCode } from '../org/index.ts';
import {
  clearSipLoginFailures,
  countSipLoginFailure,
  findSipAccountByUsername,
  findSipAccountsByUsername,
  insertSipAccount,
  listSipAccountRows,
  lockSipAccountAtLimit,
  setSipAccountEnabledRow,
  toSipAccount,
  type SipAccountRow,
} from './sip-account.queries.ts';
import type { SipAccount, SipCharset } from './sip-contract.ts';
import { isLoginLocked, lockEndsAt, sipAccountLockout } from './sip-login.policy.ts';

/** Every SIP2 request message Carrel answers, in the standard's numbering. */
export const sipRequestMessages = ['93', '99', '97', '23', '63', '11', '09', '17', '19', '29', '65', '37', '15', '01', '25', '35'] as const;
/** Messages every logged-in account may send whatever its list says: they change nothing. */
export const alwaysAllowedMessages: ReadonlySet<string> = new Set(['93', '99', '97', '35']);

export interface NewSipAccount {
  institutionId: string;
  username: string;
  password: string;
  servicePointCode: string;
  /** Request messages it may use; every message when left out. */
  allowedMessages?: readonly string[] | undefined;
  seesPatronDetails?: boolean | undefined;
  charset?: SipCharset | undefined;
  requiresPatronPin?: boolean | undefined;
  /** Send patron details only with the patron's right PIN (the default); false opts out. */
  patronDetailsNeedPin?: boolean | undefined;
  /** Answer ok 1 to a check-in of an item that was not on loan (default: ok 0). */
  checkInNotOnLoanOk?: boolean | undefined;
}

export interface SipAccountView {
  id: string;
  username: string;
  institutionCode: string;
  servicePointCode: string;
  allowedMessages: string[];
  seesPatronDetails: boolean;
  charset: SipCharset;
  requiresPatronPin: boolean;
  patronDetailsNeedPin: boolean;
  checkInNotOnLoanOk: boolean;
  enabled: boolean;
  createdAt: string;
}

function viewOf(row: SipAccountRow): SipAccountView {
  const account = toSipAccount(row);
  return {
    id: row.id,
    username: row.username,
    institutionCode: row.institution_code,
    servicePointCode: row.service_point_code,
    allowedMessages: [...account.allowedMessages],
    seesPatronDetails: account.seesPatronDetails,
    charset: account.charset,
    requiresPatronPin: account.requiresPatronPin,
    patronDetailsNeedPin: account.patronDetailsNeedPin,
    checkInNotOnLoanOk: account.checkInNotOnLoanOk,
    enabled: Boolean(row.enabled),
    createdAt: row.created_at,
  };
}

export function normaliseAllowedMessages(messages: readonly string[] | undefined): string[] {
  if (!messages || messages.length === 0) return [...sipRequestMessages];
  const unknown = messages.filter((message) => !(sipRequestMessages as readonly string[]).includes(message));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `Unknown SIP2 messages: ${unknown.join(', ')}. Known: ${sipRequestMessages.join(', ')}.`, { unknown });
  }
  return sipRequestMessages.filter((message) => alwaysAllowedMessages.has(message) || messages.includes(message));
}

export async function createSipAccount(db: Kysely<Database>, clock: Clock, actor: Actor, input: NewSipAccount): Promise<SipAccountView> {
  if (!/^[\x21-\x7e]{1,64}$/.test(input.username) || input.username.includes('|')) {
    throw new DomainError('VALIDATION_FAILED', 'A SIP username is 1 to 64 printable characters without spaces or |.', { field: 'username' });
  }
  if (input.password.length < 4 || input.password.includes('|')) {
    throw new DomainError('VALIDATION_FAILED', 'A SIP password needs at least 4 characters and no |.', { field: 'password' });
  }
  const allowedMessages = normaliseAllowedMessages(input.allowedMessages);
  const passwordHash = await hashSecret(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findSipAccountByUsername(trx, input.institutionId, input.username)) {
      throw new DomainError('DUPLICATE_USERNAME', `There is already a SIP account named ${input.username}.`, { username: input.username });
    }
    const servicePointId = await servicePointIdOfCode(trx, input.institutionId, input.servicePointCode);
    if (!servicePointId) throw new DomainError('SERVICE_POINT_NOT_FOUND', `There is no service point ${input.servicePointCode}.`, { code: input.servicePointCode });
    const id = newId();
    const at = clock.now().toISOString();
    await insertSipAccount(trx, {
      id,
      institution_id: input.institutionId,
      username: input.username,
      password_hash: passwordHash,
      service_point_id: servicePointId,
      allowed_messages: JSON.stringify(allowedMessages),
      sees_patron_details: input.seesPatronDetails ?? true,
      charset: input.charset ?? 'utf-8',
      requires_patron_pin: input.requiresPatronPin ?? false,
      patron_details_need_pin: input.patronDetailsNeedPin ?? true,
      check_in_not_on_loan_ok: input.checkInNotOnLoanOk ?? false,
      enabled: true,
      created_at: at,
      updated_at: at,
    });
    const row = await findSipAccountByUsername(trx, input.institutionId, input.username);
    const view = viewOf(row!);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'sip-account.create', entityType: 'sip_account', entityId: id, after: view });
    return view;
  });
}

export async function listSipAccounts(db: Kysely<Database>, institutionId: string): Promise<SipAccountView[]> {
  return (await listSipAccountRows(db, institutionId)).map(viewOf);
}

export async function setSipAccountEnabled(db: Kysely<Database>, clock: Clock, actor: Actor, username: string, enabled: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findSipAccountByUsername(trx, actor.institutionId, username);
    if (!row) throw new DomainError('NOT_FOUND', `There is no SIP account named ${username}.`, { username });
    await setSipAccountEnabledRow(trx, row.id, enabled, clock.now().toISOString());
    await recordAuditEvent(trx, actor, clock.now(), {
      action: enabled ? 'sip-account.enable' : 'sip-account.disable',
      entityType: 'sip_account',
      entityId: row.id,
      before: { enabled: Boolean(row.enabled) },
      after: { enabled },
    });
  });
}

export type SipLoginRefusal = 'unknown' | 'wrong-password' | 'disabled' | 'locked';
export type SipLoginOutcome = { ok: true; account: SipAccount; timeZone: string } | { ok: false; reason: SipLoginRefusal; account?: SipAccount; lockedUntil?: string };

/**
 * Check a 93 login. Usernames are unique per institution, so the password picks the account when
 * two institutions use the same name. An unknown name costs one argon2 check like a known one, and a
 * locked account checks the password too, so neither answer nor timing tells a guesser about the lock.
 * A wrong password counts against every unlocked account of that name; the one that reaches the
 * limit is locked with one audit event (not a row per guess). A successful login resets the count.
 */
export async function authenticateSipAccount(db: Kysely<Database>, clock: Clock, username: string, password: string): Promise<SipLoginOutcome> {
  const now = clock.now();
  const rows = await findSipAccountsByUsername(db, username);
  if (rows.length === 0) {
    await verifyAgainstDummy(password);
    return { ok: false, reason: 'unknown' };
  }
  for (const row of rows) {
    if (!(await verifySecret(row.password_hash, password))) continue;
    if (isLoginLocked(row.locked_until, now)) return { ok: false, reason: 'locked', account: toSipAccount(row), lockedUntil: row.locked_until! };
    if (!row.enabled) return { ok: false, reason: 'disabled', account: toSipAccount(row) };
    if (row.failed_logins !== 0 || row.locked_until !== null) {
      await clearSipLoginFailures(db, row.id);
    }
    return { ok: true, account: toSipAccount(row), timeZone: row.time_zone };
  }
  const unlocked = rows.filter((row) => !isLoginLocked(row.locked_until, now));
  let lockedUntil: string | undefined;
  for (const row of unlocked) lockedUntil = (await countFailedLogin(db, now, row)) ?? lockedUntil;
  const first = toSipAccount(rows[0]!);
  if (lockedUntil) return { ok: false, reason: 'locked', account: first, lockedUntil };
  return unlocked.length === 0 ? { ok: false, reason: 'locked', account: first, lockedUntil: rows[0]!.locked_until! } : { ok: false, reason: 'wrong-password', account: first };
}

/**
 * One more wrong password for an account: counted in SQL so that guesses on parallel connections all
 * count, and locked by a conditional update so that exactly one of them starts the lock and audits it.
 */
async function countFailedLogin(db: Kysely<Database>, now: Date, row: SipAccountRow): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    await countSipLoginFailure(trx, row.id);
    const lockedUntil = lockEndsAt(now, sipAccountLockout);
    if (!(await lockSipAccountAtLimit(trx, row.id, sipAccountLockout.maxFailures, lockedUntil))) return null;
    await recordAuditEvent(trx, { kind: 'system', id: null, name: 'sip-login', institutionId: row.institution_id }, now, {
      action: 'sip.locked-out',
      entityType: 'sip_account',
      entityId: row.id,
      after: { lockedUntil, failedLogins: sipAccountLockout.maxFailures },
    });
    return lockedUntil;
  });
}

/** The audit actor of a SIP session: kind 'sip', named after the account. */
export function sipActor(account: SipAccount, requestId?: string): Actor {
  return { kind: 'sip', id: account.id, name: account.username, institutionId: account.institutionId, ...(requestId ? { requestId } : {}) };
}

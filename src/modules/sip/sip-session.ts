import type { Kysely } from 'kysely';
import type { CarrelConfig } from '../../config.ts';
import type { DomainEventBus } from '../../platform/domain-events.ts';
import type { LoanNotices, RequestQueue } from '../circulation/index.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { alwaysAllowedMessages, authenticateSipAccount, sipActor, type SipLoginOutcome } from './sip-account.service.ts';
import { firstField, formatSipReply, parseSipMessage } from './sip-codec.ts';
import type { SipHandler, SipMessage, SipReply, SipSessionContext } from './sip-contract.ts';
import type { SipLoginGuard } from './sip-login-guard.ts';
import { verifyAgainstDummy } from '../staff/index.ts';
import { refusalReply } from './sip-refusal-replies.ts';
import { screenMessageFor } from './sip-screen-messages.ts';

/** The part of a pino logger a SIP session uses (Fastify's app.log and pino children fit). */
export interface SipLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
  debug(details: object, message?: string): void;
  child(bindings: Record<string, unknown>): SipLogger;
}

export interface SipSessionDeps {
  db: Kysely<Database>;
  clock: Clock;
  config: CarrelConfig;
  logger: SipLogger;
  handlers: Readonly<Record<string, SipHandler>>;
  /** The client's network address, for the per-address login lockout. */
  remoteAddress?: string | undefined;
  /** Failed logins per client address, shared by the listener's connections. */
  loginGuard?: SipLoginGuard | undefined;
  /** The node's domain event bus: the kiosk's use cases announce on it after they commit. */
  events: DomainEventBus;
  /** The request queue circulation asks (the node's context, src/node-context.ts). */
  requestQueue: RequestQueue;
  loanNotices: LoanNotices;
}

/** Messages a kiosk may send before logging in: login, status and resend change and reveal nothing. */
const beforeLogin: ReadonlySet<string> = new Set(['93', '99', '97']);
const requestSipResend: SipReply = { command: '96', fixed: [], fields: [] };

/**
 * One kiosk connection: login state, error detection and the last reply (for 97 resend). Messages
 * arrive one at a time (the server waits for each reply), so the state needs no locking.
 */
export class SipSession {
  readonly context: SipSessionContext;
  private lastReply: Buffer | undefined;

  constructor(private readonly deps: SipSessionDeps) {
    this.context = { db: deps.db, clock: deps.clock, events: deps.events, requestQueue: deps.requestQueue, loanNotices: deps.loanNotices, config: deps.config, account: undefined, timeZone: deps.config.defaultTimeZone, actor: undefined };
  }

  get accountName(): string | undefined {
    return this.context.account?.username;
  }

  /** Answer one message (the bytes between two CRs). Never throws. */
  async answer(bytes: Buffer): Promise<Buffer> {
    const charset = this.context.account?.charset ?? 'utf-8';
    const parsed = parseSipMessage(bytes, charset);
    if (!parsed.ok) {
      // A bad checksum asks for the message again (SIP2 §error detection); anything unreadable gets the same 96.
      // Only the kind of failure and the size: the reason may quote the message, and a broken 93 carries a password.
      this.deps.logger.info({ failure: parsed.failure, bytes: bytes.length }, 'SIP message not understood');
      return formatSipReply(requestSipResend, { errorDetection: false, charset });
    }
    const message = parsed.message;
    if (message.command === '97') return this.lastReply ?? formatSipReply(requestSipResend, { errorDetection: false, charset });
    const reply = await this.replyTo(message);
    const errorDetection = message.checksum !== 'absent' || message.sequence !== undefined;
    const encoded = formatSipReply(reply, { ...(message.sequence !== undefined ? { sequence: message.sequence } : {}), errorDetection, charset: this.context.account?.charset ?? charset });
    this.lastReply = encoded;
    return encoded;
  }

  private async replyTo(message: SipMessage): Promise<SipReply> {
    const started = Date.now();
    try {
      if (message.command === '93') return await this.login(message);
      const { account } = this.context;
      if (!account && !beforeLogin.has(message.command)) return this.refuse(message, 'SIP_NOT_LOGGED_IN');
      if (account && !alwaysAllowedMessages.has(message.command) && !account.allowedMessages.includes(message.command)) {
        return this.refuse(message, 'SIP_MESSAGE_NOT_ALLOWED');
      }
      const institution = firstField(message, 'AO');
      if (account && institution && institution !== account.institutionCode) return this.refuse(message, 'SIP_WRONG_INSTITUTION');
      const handler = this.deps.handlers[message.command];
      if (!handler) return requestSipResend;
      const reply = await handler(message, this.context);
      this.deps.logger.debug({ command: message.command, reply: reply.command, ms: Date.now() - started }, 'SIP message answered');
      return reply;
    } catch (error) {
      if (error instanceof DomainError) {
        this.deps.logger.info({ command: message.command, code: error.code }, 'SIP message refused');
        return this.refuse(message, error);
      }
      this.deps.logger.error({ command: message.command, err: error }, 'SIP message failed');
      return this.refuse(message, 'INTERNAL_ERROR');
    }
  }

  private refuse(message: SipMessage, reason: string | DomainError): SipReply {
    return refusalReply(message, screenMessageFor(reason), this.deps.clock.now(), this.context.timeZone, this.context.account?.institutionCode);
  }

  /**
   * 93 login: CN user id, CO password, CP location (informational). A failed login logs the session out.
   * Every refusal is the same 940, a lock included; the log says which it was (never the password).
   */
  private async login(message: SipMessage): Promise<SipReply> {
    const username = firstField(message, 'CN') ?? '';
    const password = firstField(message, 'CO') ?? '';
    const { loginGuard, remoteAddress } = this.deps;
    const now = this.deps.clock.now();
    const addressLocked = loginGuard?.isLocked(remoteAddress, now) ?? false;
    let outcome: SipLoginOutcome;
    if (addressLocked) {
      await verifyAgainstDummy(password);
      outcome = { ok: false, reason: 'locked' };
      this.deps.logger.warn({ username, reason: 'address-locked' }, 'SIP login refused: too many failed logins from this address');
    } else {
      outcome = await authenticateSipAccount(this.deps.db, this.deps.clock, username, password);
    }
    if (!outcome.ok) {
      this.context.account = undefined;
      this.context.actor = undefined;
      this.context.timeZone = this.deps.config.defaultTimeZone;
      if (!addressLocked) {
        const locked = outcome.reason === 'locked';
        this.deps.logger.warn({ username, reason: outcome.reason, ...(locked ? { lockedUntil: outcome.lockedUntil } : {}) }, locked ? 'SIP login refused: account locked' : 'SIP login refused');
        const addressLockedUntil = outcome.reason === 'disabled' ? null : loginGuard?.recordFailure(remoteAddress, now);
        if (addressLockedUntil) this.deps.logger.warn({ lockedUntil: addressLockedUntil }, 'SIP client address locked out after too many failed logins');
      }
      return { command: '94', fixed: ['0'], fields: [] };
    }
    loginGuard?.recordSuccess(remoteAddress);
    this.context.account = outcome.account;
    this.context.actor = sipActor(outcome.account);
    this.context.timeZone = outcome.timeZone;
    await recordAuditEvent(this.deps.db, this.context.actor, now, {
      action: 'sip.login',
      entityType: 'sip_account',
      entityId: outcome.account.id,
      after: { location: firstField(message, 'CP') ?? null },
    });
    this.deps.logger.info({ username, institution: outcome.account.institutionCode }, 'SIP login');
    return { command: '94', fixed: ['1'], fields: [] };
  }
}

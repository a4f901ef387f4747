import net from 'node:net';
import tls from 'node:tls';
import type { Kysely } from 'kysely';
import type { CarrelConfig } from '../../config.ts';
import { createDomainEventBus, type DomainEventBus } from '../../platform/domain-events.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { LoanNotices, RequestQueue } from '../circulation/index.ts';
import { createNoticeTrigger, subscribeNoticesToEvents, type NoticeTrigger } from '../notices/index.ts';
import { serveSipConnection, type SipConnection, type SipConnectionLimits } from './sip-connection.ts';
import { SipLoginGuard } from './sip-login-guard.ts';
import type { SipLogger } from './sip-session.ts';

/**
 * The SIP2 listener: plain TCP or TLS, one connection (sip-connection.ts) per client. It refuses a
 * connection beyond the limit per client address at once, and shares the per-address login lockout
 * between its connections.
 */
export interface SipServerOptions {
  db: Kysely<Database>;
  clock: Clock;
  config: CarrelConfig;
  logger: SipLogger;
  port: number;
  host?: string | undefined;
  /** PEM certificate and key: serve SIP2 over TLS instead of plain TCP. */
  tls?: { cert: Buffer | string; key: Buffer | string } | undefined;
  /** Close a connection silent this long; defaults to the configured SIP_IDLE_TIMEOUT_SECONDS (0: never). */
  idleTimeoutMs?: number | undefined;
  /** Close a connection that has not logged in this long; defaults to SIP_LOGIN_TIMEOUT_SECONDS (0: never). */
  loginTimeoutMs?: number | undefined;
  /** Open connections one client address may hold; defaults to SIP_MAX_CONNECTIONS_PER_ADDRESS. */
  maxConnectionsPerAddress?: number | undefined;
  /** The node's notice trigger, shared with the HTTP app (carrel serve); else the server makes its own. */
  noticeTrigger?: NoticeTrigger | undefined;
  /** The node's domain event bus, shared with the HTTP app (carrel serve); else the server makes its own. */
  events?: DomainEventBus | undefined;
  /** The request queue circulation asks at check-in, check-out and renewal (from the node's context, src/node-context.ts). */
  requestQueue: RequestQueue;
  loanNotices: LoanNotices;
}

export interface SipServer {
  port: number;
  /**
   * Stop listening and end every connection. With graceMs, messages already received are answered
   * first and each connection then ends cleanly; whatever is still busy after graceMs is cut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Open connections, those paused for a client that does not read its replies, and the bytes held for them all. */
  load(): SipServerLoad;
  /** Starts the notice delivery pass after each kiosk change; tests await noticeTrigger.idle() for the email. */
  noticeTrigger: NoticeTrigger;
  /** What the kiosks' use cases announce after they commit. */
  events: DomainEventBus;
}

export interface SipServerLoad {
  connections: number;
  paused: number;
  /** Replies not yet taken by the clients and requests read but not yet answered. */
  bufferedBytes: number;
}

export async function startSipServer(options: SipServerOptions): Promise<SipServer> {
  const connections = new Map<net.Socket, SipConnection>();
  const limits: SipConnectionLimits = {
    idleTimeoutMs: options.idleTimeoutMs ?? options.config.sipIdleTimeoutSeconds * 1000,
    loginTimeoutMs: options.loginTimeoutMs ?? options.config.sipLoginTimeoutSeconds * 1000,
  };
  const maxPerAddress = options.maxConnectionsPerAddress ?? options.config.sipMaxConnectionsPerAddress;
  const openPerAddress = new Map<string, number>();
  const loginGuard = new SipLoginGuard();
  const noticeTrigger =
    options.noticeTrigger ??
    createNoticeTrigger({ db: options.db, clock: options.clock, config: { smtpUrl: options.config.smtpUrl }, onError: (error) => options.logger.error({ err: error }, 'notice delivery pass failed') });
  const events = options.events ?? createDomainEventBus((error, event) => options.logger.error({ err: error, event: event.type }, 'a domain event subscriber failed'));
  // Whoever made the trigger and the bus subscribes one to the other: carrel serve when it shares both.
  const unsubscribeNotices = !options.noticeTrigger || !options.events ? subscribeNoticesToEvents(events, noticeTrigger) : () => undefined;
  // Counted on the TCP connection, before a TLS handshake, so idle sockets from one address cannot pile up.
  const admit = (socket: net.Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const open = openPerAddress.get(address) ?? 0;
    if (open >= maxPerAddress) {
      options.logger.warn({ remote: address, limit: maxPerAddress }, 'SIP connection refused: too many open from this address');
      socket.destroy();
      return;
    }
    openPerAddress.set(address, open + 1);
    socket.once('close', () => {
      const left = (openPerAddress.get(address) ?? 1) - 1;
      if (left > 0) openPerAddress.set(address, left);
      else openPerAddress.delete(address);
    });
  };
  const onConnection = (socket: net.Socket) => {
    if (socket.destroyed) return;
    connections.set(socket, serveSipConnection(socket, { ...options, events }, limits, loginGuard));
    socket.once('close', () => connections.delete(socket));
  };
  const server = options.tls ? tls.createServer({ cert: options.tls.cert, key: options.tls.key }, onConnection) : net.createServer();
  server.on('connection', admit);
  if (!options.tls) server.on('connection', onConnection);
  server.on('error', (error) => options.logger.error({ err: error }, 'SIP server error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? options.config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ port, tls: Boolean(options.tls) }, `SIP2 listening on port ${port}`);
  return {
    port,
    noticeTrigger,
    events,
    load: () => {
      let paused = 0;
      let bufferedBytes = 0;
      for (const [socket, connection] of connections) {
        if (socket.isPaused()) paused += 1;
        bufferedBytes += socket.writableLength + connection.unreadBytes();
      }
      return { connections: connections.size, paused, bufferedBytes };
    },
    close: async ({ graceMs = 0 } = {}) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (graceMs > 0 && connections.size > 0) {
        const ended = Promise.all([...connections.entries()].map(([socket, connection]) => connection.finish().then(() => socketClosed(socket))));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
        clearTimeout(timer);
      }
      for (const socket of connections.keys()) socket.destroy();
      await closed;
      unsubscribeNotices();
      await noticeTrigger.idle();
    },
  };
}

function socketClosed(socket: net.Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

import net from 'node:net';
import tls from 'node:tls';
import type { Kysely } from 'kysely';
import type { CarrelConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { formatSipReply } from './sip-codec.ts';
import { sipHandlers } from './sip-handlers.ts';
import { SipLoginGuard } from './sip-login-guard.ts';
import { SipSession, type SipLogger } from './sip-session.ts';

/**
 * The SIP2 listener: plain TCP or TLS, one SipSession per connection. The byte stream is split at CR
 * (an LF right after it is dropped, for CRLF clients); a line longer than the limit without a CR gets
 * a 96 and the connection is closed, so a runaway client cannot grow memory. Messages of one
 * connection are answered in order, one at a time; connections run side by side.
 */
export const maxSipMessageBytes = 8 * 1024;

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
}

export interface SipServer {
  port: number;
  /**
   * Stop listening and end every connection. With graceMs, messages already received are answered
   * first and each connection then ends cleanly; whatever is still busy after graceMs is cut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export async function startSipServer(options: SipServerOptions): Promise<SipServer> {
  const connections = new Map<net.Socket, SipConnection>();
  const loginGuard = new SipLoginGuard();
  const idleTimeoutMs = options.idleTimeoutMs ?? options.config.sipIdleTimeoutSeconds * 1000;
  const onConnection = (socket: net.Socket) => {
    connections.set(socket, serveConnection(socket, options, idleTimeoutMs, loginGuard));
    socket.once('close', () => connections.delete(socket));
  };
  const server = options.tls ? tls.createServer({ cert: options.tls.cert, key: options.tls.key }, onConnection) : net.createServer(onConnection);
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
    },
  };
}

function socketClosed(socket: net.Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

interface SipConnection {
  /** Stop reading, answer what was already received, then end the connection. */
  finish(): Promise<void>;
}

function serveConnection(socket: net.Socket, options: SipServerOptions, idleTimeoutMs: number, loginGuard: SipLoginGuard): SipConnection {
  const logger = options.logger.child({ sipConnection: newId().slice(0, 8), remote: socket.remoteAddress });
  const session = new SipSession({ db: options.db, clock: options.clock, config: options.config, logger, handlers: sipHandlers, remoteAddress: socket.remoteAddress, loginGuard });
  let pending: Buffer = Buffer.alloc(0);
  let queue: Promise<void> = Promise.resolve();
  let open = true;
  let closing = false;
  socket.setNoDelay(true);
  if (idleTimeoutMs > 0) {
    socket.setTimeout(idleTimeoutMs, () => {
      logger.info({ account: session.accountName }, 'SIP connection idle: closing');
      socket.end();
      socket.destroySoon();
    });
  }
  socket.on('error', (error) => logger.debug({ err: error }, 'SIP connection error'));
  socket.on('close', () => {
    open = false;
  });

  const answerInTurn = (line: Buffer) => {
    queue = queue
      .then(async () => {
        if (!open) return;
        const reply = await session.answer(line);
        if (open) socket.write(reply);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'SIP connection failed: closing');
        socket.destroy();
      });
  };

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf(13); end >= 0; end = pending.indexOf(13)) {
      let line = pending.subarray(0, end);
      if (line[0] === 10) line = line.subarray(1);
      pending = pending.subarray(end + 1);
      if (pending[0] === 10) pending = pending.subarray(1);
      if (line.length > maxSipMessageBytes) return tooLong();
      if (line.length > 0) answerInTurn(Buffer.from(line));
    }
    if (pending.length > maxSipMessageBytes) tooLong();
  });

  return {
    finish: async () => {
      closing = true;
      await queue;
      if (open) socket.end();
    },
  };

  function tooLong(): void {
    logger.warn({ limit: maxSipMessageBytes }, 'SIP message too long: closing');
    pending = Buffer.alloc(0);
    closing = true;
    queue = queue.then(() => {
      if (!open) return;
      socket.end(formatSipReply({ command: '96', fixed: [], fields: [] }, { errorDetection: false, charset: 'utf-8' }));
      open = false;
    });
  }
}

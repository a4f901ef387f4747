import type { DomainEventBus } from '../../platform/domain-events.ts';
import type net from 'node:net';
import { newId } from '../../platform/ids.ts';
import { formatSipReply } from './sip-codec.ts';
import { sipHandlers } from './sip-handlers.ts';
import type { SipLoginGuard } from './sip-login-guard.ts';
import type { SipServerOptions } from './sip-server.ts';
import { SipSession } from './sip-session.ts';

/**
 * One SIP2 connection. The byte stream is split at CR (an LF right after it is dropped, for CRLF
 * clients); a line longer than the limit without a CR gets a 96 and the connection is closed.
 * Messages are answered in order, one at a time. Memory stays bounded whatever the client does:
 * reading stops while a few messages wait for their answers or while a reply cannot be sent (the
 * client does not read), and starts again on 'drain'.
 */
export const maxSipMessageBytes = 8 * 1024;
/** Messages read ahead of the one being answered; a kiosk sends one and waits, so this is plenty. */
const maxWaitingMessages = 8;

export interface SipConnectionLimits {
  /** Close a connection silent this long (0: never). */
  idleTimeoutMs: number;
  /** Close a connection that has not logged in this long after connecting (0: never). */
  loginTimeoutMs: number;
}

export interface SipConnection {
  /** Stop reading, answer what was already received, then end the connection. */
  finish(): Promise<void>;
  /** Bytes received but not yet answered. */
  unreadBytes(): number;
}

export function serveSipConnection(socket: net.Socket, options: SipServerOptions & { events: DomainEventBus }, limits: SipConnectionLimits, loginGuard: SipLoginGuard): SipConnection {
  const logger = options.logger.child({ sipConnection: newId().slice(0, 8), remote: socket.remoteAddress });
  const session = new SipSession({ db: options.db, clock: options.clock, config: options.config, logger, handlers: sipHandlers, remoteAddress: socket.remoteAddress, loginGuard, events: options.events, requestQueue: options.requestQueue, loanNotices: options.loanNotices });
  let pending: Buffer = Buffer.alloc(0);
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;
  let replyUnsent = false;
  let open = true;
  let reading = true;
  let discarding = false;
  socket.setNoDelay(true);
  if (limits.idleTimeoutMs > 0) {
    socket.setTimeout(limits.idleTimeoutMs, () => {
      logger.info({ account: session.accountName }, 'SIP connection idle: closing');
      socket.end();
      socket.destroySoon();
    });
  }
  const loginTimer =
    limits.loginTimeoutMs > 0
      ? setTimeout(() => {
          if (session.accountName !== undefined || !open) return;
          logger.info({ limitMs: limits.loginTimeoutMs }, 'SIP connection did not log in in time: closing');
          socket.destroy();
        }, limits.loginTimeoutMs).unref()
      : undefined;
  socket.on('error', (error) => logger.debug({ err: error }, 'SIP connection error'));
  socket.on('close', () => {
    open = false;
    clearTimeout(loginTimer);
  });

  const updateReading = () => {
    if (!open) return;
    if (!reading || replyUnsent || waiting >= maxWaitingMessages) socket.pause();
    else socket.resume();
  };

  /** Write a reply; when the socket will not take more, wait until the client has read (or gone). */
  const send = async (reply: Buffer) => {
    if (socket.write(reply)) return;
    replyUnsent = true;
    updateReading();
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
    replyUnsent = false;
  };

  const answerInTurn = (line: Buffer) => {
    waiting += 1;
    queue = queue
      .then(async () => {
        if (!open) return;
        const reply = await session.answer(line);
        if (open) await send(reply);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'SIP connection failed: closing');
        socket.destroy();
      })
      .finally(() => {
        waiting -= 1;
        takeLines();
      });
  };

  /** Queue the complete messages received, up to the read-ahead limit; the rest wait in `pending`. */
  function takeLines(): void {
    while (!discarding && waiting < maxWaitingMessages) {
      const end = pending.indexOf(13);
      if (end < 0) break;
      let line = pending.subarray(0, end);
      if (line[0] === 10) line = line.subarray(1);
      pending = pending.subarray(end + 1);
      if (pending[0] === 10) pending = pending.subarray(1);
      if (line.length > maxSipMessageBytes) return tooLong();
      if (line.length > 0) answerInTurn(Buffer.from(line));
    }
    const end = pending.indexOf(13);
    if (!discarding && (end < 0 ? pending.length : end) > maxSipMessageBytes) return tooLong();
    updateReading();
  }

  socket.on('data', (chunk: Buffer) => {
    if (!reading) return;
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    takeLines();
  });

  return {
    unreadBytes: () => pending.length,
    finish: async () => {
      reading = false;
      takeLines();
      // answering a message may let the next ones already received be queued: wait until nothing is left
      for (let current = queue; ; current = queue) {
        await current;
        if (current === queue) break;
      }
      if (open) socket.end();
    },
  };

  function tooLong(): void {
    logger.warn({ limit: maxSipMessageBytes }, 'SIP message too long: closing');
    pending = Buffer.alloc(0);
    reading = false;
    discarding = true;
    socket.pause();
    queue = queue.then(() => {
      if (!open) return;
      socket.end(formatSipReply({ command: '96', fixed: [], fields: [] }, { errorDetection: false, charset: 'utf-8' }));
      open = false;
    });
  }
}

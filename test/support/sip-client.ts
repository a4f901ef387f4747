import net from 'node:net';

/**
 * A small SIP2 client for tests: sends one message, waits for the reply up to its CR. It computes
 * checksums itself (not with the server's codec), so tests check the server against the standard.
 */
export interface SipClientOptions {
  charset?: 'utf-8' | 'latin1' | 'ascii';
  /** Append AY<sequence>AZ<checksum> to every message sent with send(). */
  errorDetection?: boolean;
  host?: string;
  /** Connect from this local address (e.g. 127.0.0.2), to test limits per client address. */
  localAddress?: string;
  /** How long to wait for a reply before failing the test (ms). */
  replyTimeoutMs?: number;
}

export interface SipClient {
  /** Send one message (without CR); returns the reply without its CR. */
  send(text: string): Promise<string>;
  /** Send raw bytes as they are (add your own CR); returns the next reply without its CR. */
  sendRaw(bytes: Buffer | string): Promise<string>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  /** The sequence number the next send() will use. */
  nextSequence(): number;
  close(): Promise<void>;
}

/** SIP2 checksum: two's complement of the 16-bit sum of the bytes, as 4 uppercase hex digits. */
export function sipTestChecksum(bytes: Buffer): string {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xffff;
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

function bufferEncoding(charset: SipClientOptions['charset']): BufferEncoding {
  return charset === 'latin1' || charset === 'ascii' ? 'latin1' : 'utf8';
}

export function connectSip(port: number, options: SipClientOptions = {}): Promise<SipClient> {
  const encoding = bufferEncoding(options.charset);
  const timeoutMs = options.replyTimeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: options.host ?? '127.0.0.1', ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    let pending = Buffer.alloc(0);
    const replies: string[] = [];
    const waiting: Array<{ resolve: (reply: string) => void; reject: (error: Error) => void }> = [];
    let sequence = 0;
    let ended = false;
    let markClosed: () => void = () => {};
    const closed = new Promise<void>((done) => (markClosed = done));

    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let end = pending.indexOf(13); end >= 0; end = pending.indexOf(13)) {
        const reply = pending.subarray(0, end).toString(encoding);
        pending = pending.subarray(end + 1);
        if (pending[0] === 10) pending = pending.subarray(1);
        const waiter = waiting.shift();
        if (waiter) waiter.resolve(reply);
        else replies.push(reply);
      }
    });
    socket.on('close', () => {
      ended = true;
      markClosed();
      for (const waiter of waiting.splice(0)) waiter.reject(new Error('SIP connection closed before a reply'));
    });
    socket.on('error', (error) => {
      if (!ended) reject(error);
    });

    function nextReply(): Promise<string> {
      const ready = replies.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      if (ended) return Promise.reject(new Error('SIP connection is closed'));
      return new Promise((resolveReply, rejectReply) => {
        const waiter = {
          resolve: (reply: string) => {
            clearTimeout(timer);
            resolveReply(reply);
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            rejectReply(error);
          },
        };
        const timer = setTimeout(() => {
          const index = waiting.indexOf(waiter);
          if (index >= 0) waiting.splice(index, 1);
          rejectReply(new Error(`no SIP reply within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push(waiter);
      });
    }

    function sendRaw(bytes: Buffer | string): Promise<string> {
      const reply = nextReply();
      socket.write(typeof bytes === 'string' ? Buffer.from(bytes, encoding) : bytes);
      return reply;
    }

    function send(text: string): Promise<string> {
      if (!options.errorDetection) return sendRaw(Buffer.concat([Buffer.from(text, encoding), Buffer.from('\r')]));
      const head = Buffer.from(`${text}AY${sequence}AZ`, encoding);
      sequence = (sequence + 1) % 10;
      return sendRaw(Buffer.concat([head, Buffer.from(`${sipTestChecksum(head)}\r`)]));
    }

    socket.once('connect', () =>
      resolve({
        send,
        sendRaw,
        closed,
        nextSequence: () => sequence,
        close: async () => {
          if (ended) return;
          socket.end();
          await Promise.race([closed, new Promise((done) => setTimeout(done, 1000))]);
          socket.destroy();
        },
      }),
    );
  });
}

/** Field values of a SIP reply by two-letter id, after its fixed part of `fixedLength` characters (after the command). */
export function sipReplyFields(reply: string, fixedLength: number): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const errorDetection = /AY(\d)AZ([0-9A-F]{4})$/.exec(reply);
  const body = errorDetection ? reply.slice(0, errorDetection.index) : reply;
  if (errorDetection) {
    fields.set('AY', [errorDetection[1]!]);
    fields.set('AZ', [errorDetection[2]!]);
  }
  for (const part of body.slice(2 + fixedLength).split('|')) {
    if (part.length < 2) continue;
    const id = part.slice(0, 2);
    fields.set(id, [...(fields.get(id) ?? []), part.slice(2)]);
  }
  return fields;
}

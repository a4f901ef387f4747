import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from '../config.ts';

/**
 * The process's logger. A person at a terminal reads one short line per event; a log collector
 * (stdout not a terminal, or LOG_FORMAT=json) gets pino's JSON lines, one object each.
 */
export function createLogger(options: { level: string; format: LogFormat; toTerminal: boolean }): Logger {
  const readable = options.format === 'pretty' || (options.format === 'auto' && options.toTerminal);
  if (!readable) return pino({ level: options.level });
  // Synchronous and in-process (no worker thread), so nothing is lost when the process exits.
  const stream = pretty({
    colorize: options.toTerminal,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    messageFormat: readableMessage,
  });
  return pino({ level: options.level, serializers: readableSerializers, hooks: { logMethod: skipIncomingRequest } }, stream);
}

/** At a terminal the answered request says it all: its "incoming request" twin would double every line. */
function skipIncomingRequest(this: Logger, args: Parameters<Logger['info']>, write: (...args: Parameters<Logger['info']>) => void): void {
  if (args[1] === 'incoming request') return;
  write.apply(this, args);
}

interface ReadableLogLine {
  msg?: unknown;
  req?: unknown;
  res?: unknown;
  responseTime?: unknown;
}

/** "GET /api/v1/patrons 200 in 12 ms" for each answered request; other lines keep their message. */
export function readableMessage(line: ReadableLogLine): string {
  if (typeof line.res === 'string' && typeof line.responseTime === 'number') return `${line.res} in ${Math.round(line.responseTime)} ms`;
  if (typeof line.req === 'string') return `${String(line.msg)}: ${line.req}`;
  return String(line.msg ?? '');
}

/** A reply carries its request, so one line can say what was asked and how it was answered. */
const readableSerializers = {
  req: (request: { method?: string; url?: string }) => `${request.method ?? ''} ${request.url ?? ''}`,
  res: (reply: { statusCode?: number; request?: { method?: string; url?: string } }) =>
    reply.request ? `${reply.request.method ?? ''} ${reply.request.url ?? ''} ${reply.statusCode ?? ''}` : String(reply.statusCode ?? ''),
};

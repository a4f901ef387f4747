import { describe, expect, it } from 'vitest';
import { createLogger, readableMessage } from './logger.ts';

const serializersOf = (log: ReturnType<typeof createLogger>) =>
  (log as unknown as Record<symbol, Record<string, (value: unknown) => unknown>>)[Symbol.for('pino.serializers')]!;

describe('the process logger', () => {
  it('keeps JSON (no shortened requests) when stdout is not a terminal and the format is auto', () => {
    const log = createLogger({ level: 'info', format: 'auto', toTerminal: false });
    expect(log.isLevelEnabled('debug')).toBe(false);
    expect(serializersOf(log).res).toBeUndefined();
  });

  it('says at a terminal what was asked and how it was answered, in one line', () => {
    const log = createLogger({ level: 'info', format: 'pretty', toTerminal: false });
    const reply = { statusCode: 201, request: { method: 'POST', url: '/api/v1/circulation/check-outs', headers: { cookie: 'secret' } } };
    const res = serializersOf(log).res!(reply);
    expect(res).toBe('POST /api/v1/circulation/check-outs 201');
    expect(readableMessage({ msg: 'request completed', res, responseTime: 11.6 })).toBe('POST /api/v1/circulation/check-outs 201 in 12 ms');
    expect(readableMessage({ msg: 'SIP2 listening on 6001' })).toBe('SIP2 listening on 6001');
  });
});

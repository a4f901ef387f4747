import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSipBytes, encodeSipText } from './sip-charset.ts';
import { formatSipReply, parseSipMessage, sipChecksum, sipFieldText } from './sip-codec.ts';
import type { SipCharset, SipParseResult, SipReply } from './sip-contract.ts';
import { requestFormats, responseFixedWidths } from './sip-message-formats.ts';

/**
 * Whatever a kiosk, a port scanner or a broken cable sends, the parser answers with a message or one of the
 * stated failures, and never throws: the server turns failures into a clean reply instead of dropping the line.
 */

const runs = { numRuns: 500 };
const failures = new Set(['SIP_MALFORMED', 'SIP_UNKNOWN_COMMAND', 'SIP_TRUNCATED', 'SIP_BAD_CHECKSUM']);
const charsets: SipCharset[] = ['utf-8', 'latin1', 'ascii'];
const charset = fc.constantFrom(...charsets);

function expectWellFormed(result: SipParseResult): void {
  if (result.ok) {
    expect(result.message.command).toMatch(/^[0-9]{2}$/);
    expect(['absent', 'valid']).toContain(result.message.checksum);
  } else {
    expect(failures.has(result.failure)).toBe(true);
    expect(typeof result.reason).toBe('string');
  }
}

const validRequests = [
  '9300CNkiosk|COkiosk|CPRiverside|AY0AZ',
  '9900302.00AY1AZ',
  '2300120240305    093012AOWVC|AA21234000001|ACkiosk|ADsecret|AY2AZ',
  '6300020240305    093012  Y       AOWVC|AA21234000001|AD1234|BP1|BQ5|AY3AZ',
  '11YY20240305    09301220240319    235959AOWVC|AA21234000001|AB39999000123|ACkiosk|BOY|AY4AZ',
  '09N20240305    09301220240304    180000APReturn bin|AOWVC|AB39999000123|AY5AZ',
  '3720240305    0930120100USDBV12.50|AOWVC|AA21234000001|AEZoë Ångström|AY6AZ',
  '15+20240305    093012BW20240405    000000|BSRiverside|AOWVC|AA1|AB2|AY7AZ',
  '97',
].map((text) => {
  const body = Buffer.from(text, 'utf8');
  return text.endsWith('AZ') ? Buffer.concat([body, Buffer.from(sipChecksum(body), 'latin1')]) : body;
});

/** A byte-level change: flip, insert, delete, cut, or splice in one of the protocol's own separators. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.constantFrom(0x7c, 0x0d, 0x0a, 0x41, 0x59, 0x5a, 0x30, 0xc3, 0xff) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), byte: fc.constant(0) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), byte: fc.constant(0) }),
);

function mutate(message: Buffer, changes: Array<{ kind: 'set' | 'insert' | 'delete' | 'cut'; at: number; byte: number }>): Buffer {
  let bytes = [...message];
  for (const change of changes) {
    const at = bytes.length === 0 ? 0 : change.at % (bytes.length + 1);
    if (change.kind === 'set' && at < bytes.length) bytes[at] = change.byte;
    if (change.kind === 'insert') bytes.splice(at, 0, change.byte);
    if (change.kind === 'delete') bytes.splice(at, 1);
    if (change.kind === 'cut') bytes = bytes.slice(0, at);
  }
  return Buffer.from(bytes);
}

describe('SIP parser fuzz', () => {
  it('arbitrary bytes never throw and give a message or a stated failure', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), charset, (bytes, chosen) => {
        expectWellFormed(parseSipMessage(Buffer.from(bytes), chosen));
      }),
      runs,
    );
  });

  it('arbitrary text shaped like SIP never throws', () => {
    const sipish = fc.stringMatching(/^[0-9]{2}[YN0-9 ]{0,40}([A-Z]{2}[^|\r]{0,12}\|){0,6}(AY[0-9]AZ[0-9A-F]{4})?$/);
    fc.assert(
      fc.property(sipish, charset, (text, chosen) => {
        expectWellFormed(parseSipMessage(Buffer.from(text, 'utf8'), chosen));
      }),
      runs,
    );
  });

  it('mutations of valid requests never throw, and a change under a checksum is caught unless it cancels out', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validRequests), fc.array(mutation, { minLength: 1, maxLength: 4 }), charset, (original, changes, chosen) => {
        const changed = mutate(original, changes);
        const result = parseSipMessage(changed, chosen);
        expectWellFormed(result);
        if (result.ok && result.message.checksum === 'valid') {
          const text = changed.toString('latin1').replace(/^\n+/, '').replace(/[\r\n]+$/, '');
          expect(sipChecksum(text.slice(0, -4))).toBe(text.slice(-4).toUpperCase());
        }
      }),
      runs,
    );
  });

  it('stays fast on long adversarial input (no regex backtracking blow-up)', () => {
    const nasty = ['\n'.repeat(60_000) + 'x', '\n\r'.repeat(30_000) + 'x', 'AY1'.repeat(20_000) + 'AZ', '23' + '|'.repeat(60_000), '23' + 'AY'.repeat(30_000) + '1|'];
    for (const text of nasty) {
      const started = performance.now();
      expectWellFormed(parseSipMessage(Buffer.from(text, 'latin1'), 'utf-8'));
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it('every valid request parses into its fixed fields', () => {
    for (const request of validRequests) {
      const result = parseSipMessage(request, 'utf-8');
      expect(result.ok).toBe(true);
      if (result.ok) expect(Object.keys(result.message.fixed)).toEqual(requestFormats[result.message.command]!.fixed.map((f) => f.name));
    }
  });
});

const fieldId = fc.stringMatching(/^[A-Z]{2}$/).filter((id) => id !== 'AY' && id !== 'AZ');
const fieldValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ maxLength: 12, unit: 'binary' }),
  fc.string({ maxLength: 12, unit: fc.constantFrom('|', '\r', '\n', '｜', 'é', 'Ł', 'A', 'Z', 'Y', '1', ' ') }),
  fc.integer({ min: 0, max: 99999 }),
  fc.constant(undefined),
);

const replyArbitrary = fc.constantFrom(...Object.values(responseFixedWidths)).chain((format) =>
  fc.record({
    command: fc.constant(format.command),
    fixed: fc.tuple(...format.fixed.map((field) => fc.string({ minLength: field.width, maxLength: field.width, unit: fc.constantFrom('Y', 'N', ' ', '0', '9', '|', '\r') }))),
    fields: fc.array(fc.tuple(fieldId, fieldValue), { maxLength: 8 }),
  }),
) as fc.Arbitrary<SipReply>;

describe('SIP reply fuzz', () => {
  it('every formatted reply re-parses with its fields, values and sequence', () => {
    fc.assert(
      fc.property(replyArbitrary, charset, fc.boolean(), fc.integer({ min: 0, max: 9 }), (reply, chosen, errorDetection, sequence) => {
        const wire = formatSipReply(reply, { sequence: String(sequence), errorDetection, charset: chosen });
        expect(wire.at(-1)).toBe(0x0d);
        expect(wire.subarray(0, -1).includes(0x0d)).toBe(false);
        const result = parseSipMessage(wire.subarray(0, -1), chosen, responseFixedWidths);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.message.command).toBe(reply.command);
        expect(result.message.checksum).toBe(errorDetection ? 'valid' : 'absent');
        expect(result.message.sequence).toBe(errorDetection ? String(sequence) : undefined);
        const sent = reply.fields.filter((field): field is [string, string | number] => field[1] !== undefined);
        const received = [...result.message.fields].flatMap(([id, values]) => values.map((value) => [id, value]));
        // Each value arrives whole, as the charset can carry it: '|' and line breaks made harmless, nothing split.
        const expected = sent.map(([id, value]) => [id, decodeSipBytes(encodeSipText(sipFieldText(String(value), chosen), chosen), chosen)]);
        expect(received.sort()).toEqual(expected.sort());
      }),
      runs,
    );
  });
});

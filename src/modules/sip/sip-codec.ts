import { decodeSipBytes, encodeSipText } from './sip-charset.ts';
import type { SipCharset, SipMessage, SipParseFailure, SipParseResult, SipReply } from './sip-contract.ts';
import { requestFormats, type SipMessageFormat } from './sip-message-formats.ts';

/**
 * The SIP2 wire format: one message is a two-digit command, the command's fixed-length fields, then variable
 * fields `XXvalue|`, then optionally `AY<sequence>AZ<checksum>` (error detection). Pure: no sockets, no database.
 *
 * Line endings are the server's job: it splits the stream at CR and strips the LF of a CRLF. The parser is
 * forgiving all the same: LFs before the message and CR/LF after it are ignored (and not checksummed).
 */

/** Two's complement of the 16-bit sum of the bytes, as 4 uppercase hex digits: `941AY0AZ` → `FDFD`. */
export function sipChecksum(bytes: Buffer | string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  return ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** AY may sit just before the AZ checksum, with or without a '|' (clients differ). */
const sequenceBeforeChecksum = /AY([0-9]+)\|?$/;
const checksumDigits = /^[0-9A-Fa-f]{4}$/;

function failure(failureCode: SipParseFailure, reason: string, sequence?: string): SipParseResult {
  return { ok: false, failure: failureCode, reason, sequence };
}

/**
 * One message from a kiosk, without its CR. Never throws. `formats` defaults to the requests Carrel serves;
 * tests pass `responseFixedWidths` to read replies the same way.
 */
export function parseSipMessage(
  bytes: Buffer,
  charset: SipCharset,
  formats: Readonly<Record<string, SipMessageFormat>> = requestFormats,
): SipParseResult {
  try {
    return parse(bytes, charset, formats);
  } catch (error) {
    // Only a bug can land here; the kiosk still gets a clean "malformed" answer rather than a dropped connection.
    return failure('SIP_MALFORMED', `unreadable message (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parse(bytes: Buffer, charset: SipCharset, formats: Readonly<Record<string, SipMessageFormat>>): SipParseResult {
  // A latin1 view maps each byte to one character, so offsets below are byte offsets.
  const raw = withoutLineEnds(bytes.toString('latin1'));
  if (raw.length === 0) return failure('SIP_MALFORMED', 'empty message');

  let body = raw;
  let sequence: string | undefined;
  let checksum: SipMessage['checksum'] = 'absent';
  const trailer = checksumTrailerOf(raw, formats);
  if (trailer) {
    const covered = raw.slice(0, trailer.index + 2);
    body = raw.slice(0, trailer.index);
    const sequenceMatch = sequenceBeforeChecksum.exec(body);
    if (sequenceMatch) {
      sequence = sequenceMatch[1];
      body = body.slice(0, sequenceMatch.index);
    }
    // a checksum that is not four hex digits is a damaged one, never "no checksum" (SIP2 2.00 error detection)
    const matches = checksumDigits.test(trailer.digits) && sipChecksum(Buffer.from(covered, 'latin1')) === trailer.digits.toUpperCase();
    checksum = matches ? 'valid' : 'invalid';
    if (checksum === 'invalid') return failure('SIP_BAD_CHECKSUM', `checksum ${printable(trailer.digits)} does not match the message`, sequence);
  }

  const command = body.slice(0, 2);
  if (!/^[0-9]{2}$/.test(command)) return failure('SIP_MALFORMED', 'a message starts with a two-digit command', sequence);
  const format = formats[command];
  if (!format) return failure('SIP_UNKNOWN_COMMAND', `unknown command ${command}`, sequence);

  const fixed: Record<string, string> = {};
  let offset = 2;
  for (const field of format.fixed) {
    if (field.optional && offset === body.length) break;
    if (offset + field.width > body.length) {
      return failure('SIP_TRUNCATED', `${format.name} (${command}) is missing its ${field.name}`, sequence);
    }
    fixed[field.name] = decodeSipBytes(Buffer.from(body.slice(offset, offset + field.width), 'latin1'), charset);
    offset += field.width;
  }

  const fields = new Map<string, string[]>();
  for (const segment of body.slice(offset).split('|')) {
    if (segment.trim() === '') continue;
    const id = segment.slice(0, 2);
    if (!/^[A-Za-z0-9]{2}$/.test(id)) return failure('SIP_MALFORMED', `"${printable(segment)}" is not a field`, sequence);
    const value = decodeSipBytes(Buffer.from(segment.slice(2), 'latin1'), charset);
    const values = fields.get(id);
    if (values) values.push(value);
    else fields.set(id, [value]);
  }

  // Without a checksum the sequence number arrives as an ordinary field (`...|AY3`).
  if (sequence === undefined) {
    const sequenceValues = fields.get('AY');
    const last = sequenceValues?.at(-1)?.trim();
    if (last !== undefined && /^[0-9]+$/.test(last)) {
      sequence = last;
      fields.delete('AY');
    }
  }

  return { ok: true, message: { command, fixed, fields, sequence, checksum } };
}

/** LFs before the message (from a CRLF) and CR/LF after it; a loop, since a `[\r\n]+$` regex is quadratic. */
function withoutLineEnds(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 10) start += 1;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end -= 1;
  return text.slice(start, end);
}

/**
 * The AZ checksum at the end of a message: the last AZ after the last '|'. It counts as a checksum when it
 * follows AY, a '|' or the fixed part of a message with no variable fields; otherwise "AZ1234" is the end of
 * an unterminated last field (an item barcode, say) and must not be mistaken for a checksum. Four hex digits
 * keep the older, looser reading (any message without a '|'), so a valid checksum is never refused.
 */
function checksumTrailerOf(raw: string, formats: Readonly<Record<string, SipMessageFormat>>): { index: number; digits: string } | undefined {
  const index = raw.lastIndexOf('AZ');
  if (index < 0 || index < raw.lastIndexOf('|')) return undefined;
  const before = raw.slice(0, index);
  const digits = raw.slice(index + 2);
  if (sequenceBeforeChecksum.test(before) || before.endsWith('|')) return { index, digits };
  if (before.includes('|')) return undefined;
  if (checksumDigits.test(digits)) return { index, digits };
  return endsWithFixedPart(before, formats) ? { index, digits } : undefined;
}

/** Whether `before` is exactly a command and its fixed fields (with or without its optional ones). */
function endsWithFixedPart(before: string, formats: Readonly<Record<string, SipMessageFormat>>): boolean {
  const format = formats[before.slice(0, 2)];
  if (!format) return false;
  const full = format.fixed.reduce((sum, field) => sum + field.width, 0);
  const required = format.fixed.filter((field) => !field.optional).reduce((sum, field) => sum + field.width, 0);
  return before.length === 2 + full || before.length === 2 + required;
}

function printable(text: string): string {
  return text.slice(0, 20).replace(/[^\x20-\x7e]/g, '?');
}

/** The first value of a variable field, e.g. firstField(message, 'AA') for the patron barcode. */
export function firstField(message: SipMessage, id: string): string | undefined {
  return message.fields.get(id)?.[0];
}

export interface SipReplyOptions {
  /** The client's AY sequence number, echoed back; left out when undefined. */
  sequence?: string | undefined;
  /** Append AY/AZ: on when the client used error detection. */
  errorDetection: boolean;
  charset: SipCharset;
}

/**
 * SIP2 has no escape syntax, so a '|' inside a value (a title such as "Yes | No") would end the field early.
 * It is replaced by a look-alike that cannot split fields: '¦' (broken bar, in both UTF-8 and Latin-1),
 * or '!' for ASCII clients. CR and LF would end the message, so each run of them becomes one space; other
 * control characters are dropped.
 */
export function sipFieldText(value: string, charset: SipCharset): string {
  return value
    .replace(/\|/g, charset === 'ascii' ? '!' : '\u00A6')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
}

/** Fixed fields are codes and must keep their width in bytes: separators become spaces, non-ASCII '?'. */
function fixedText(value: string): string {
  return value.replace(/[|\x00-\x1f\x7f]/g, ' ').replace(/[^\x00-\x7f]/g, '?');
}

/** A reply as bytes, ending with CR. The checksum covers the encoded bytes up to and including 'AZ'. */
export function formatSipReply(reply: SipReply, options: SipReplyOptions): Buffer {
  let text = reply.command + reply.fixed.map(fixedText).join('');
  for (const [id, value] of reply.fields) {
    if (value === undefined) continue;
    text += `${id}${sipFieldText(String(value), options.charset)}|`;
  }
  const parts: Buffer[] = [encodeSipText(text, options.charset)];
  if (options.errorDetection) {
    const sequence = options.sequence !== undefined && /^[0-9]+$/.test(options.sequence) ? `AY${options.sequence}` : '';
    const covered = Buffer.concat([parts[0] ?? Buffer.alloc(0), Buffer.from(`${sequence}AZ`, 'latin1')]);
    parts.splice(0, 1, covered, Buffer.from(sipChecksum(covered), 'latin1'));
  }
  parts.push(Buffer.from('\r', 'latin1'));
  return Buffer.concat(parts);
}

/** 'Y' or 'N', for one-character flags. */
export function sipFlag(value: boolean): 'Y' | 'N' {
  return value ? 'Y' : 'N';
}

/** 'Y', 'N' or 'U' (unknown), for flags such as magnetic media and desensitize. */
export function sipFlagOrUnknown(value: boolean | undefined): 'Y' | 'N' | 'U' {
  return value === undefined ? 'U' : sipFlag(value);
}

/** A count zero-padded to `width` digits, capped at the largest that fits (9999 for 4). */
export function sipCount(n: number, width = 4): string {
  const largest = 10 ** width - 1;
  const whole = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
  return String(Math.min(whole, largest)).padStart(width, '0');
}

/** Text padded right with spaces, or cut, to exactly `width` characters. */
export function fixedWidth(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text.padEnd(width, ' ');
}

/** Language codes of the standard's table: 000 unknown (the server's default), 001 English. */
export const sipLanguage = '001';
export const sipUnknownLanguage = '000';

/** The protocol version Carrel speaks, as the 98 response carries it. */
export const sipProtocolVersion = '2.00';

/** Money as SIP sends it in BV: units with two decimals ('12.50'), from integer cents. */
export function sipAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/** A BV amount from a kiosk ('12.50', '12.5', '12', '$12.50') as integer cents, or undefined when unreadable. */
export function parseSipAmount(text: string | undefined): number | undefined {
  const match = /^\s*\$?\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text ?? '');
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

import type { Kysely } from 'kysely';
import type { CirculationContext } from '../circulation/index.ts';
import type { CarrelConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../audit/index.ts';

/**
 * The shapes the SIP2 codec, the session and the message handlers agree on, so each can be written and tested alone.
 * The codec (sip-codec.ts) turns bytes into a SipMessage and a SipReply into bytes; handlers turn one into the other.
 */

/** How a client's text is encoded on the wire: chosen per SIP account. */
export type SipCharset = 'utf-8' | 'latin1' | 'ascii';

export type SipChecksumState = 'absent' | 'valid' | 'invalid';

/** One request from a kiosk, decoded. */
export interface SipMessage {
  /** The two-digit message identifier, e.g. '93' (login) or '11' (checkout). */
  command: string;
  /** The fixed-length fields of this command by name (see sip-message-formats.ts), as sent. */
  fixed: Record<string, string>;
  /** Variable fields by two-letter identifier, unescaped; a repeated field keeps every value in order. */
  fields: Map<string, string[]>;
  /** The AY sequence number, when the client uses error detection. */
  sequence: string | undefined;
  checksum: SipChecksumState;
}

export type SipParseFailure = 'SIP_MALFORMED' | 'SIP_UNKNOWN_COMMAND' | 'SIP_TRUNCATED' | 'SIP_BAD_CHECKSUM';

export type SipParseResult =
  | { ok: true; message: SipMessage }
  | { ok: false; failure: SipParseFailure; reason: string; sequence: string | undefined };

/** One response to a kiosk, before encoding. */
export interface SipReply {
  /** The two-digit response identifier, e.g. '94' or '12'. */
  command: string;
  /** The fixed-length fields in order, each already exactly its width (use the codec's fixed-field helpers). */
  fixed: string[];
  /** Variable fields in order; undefined values are left out; the codec escapes '|' and appends AY/AZ. */
  fields: Array<[id: string, value: string | number | undefined]>;
}

/** A SIP account as a session sees it after a successful login (93). */
export interface SipAccount {
  id: string;
  username: string;
  institutionId: string;
  /** The AO institution id the kiosk must send, e.g. 'WVC'. */
  institutionCode: string;
  /** The service point its transactions belong to. */
  servicePointId: string;
  /** Request message identifiers it may use, e.g. ['23', '63', '37']; every message when it lists all. */
  allowedMessages: readonly string[];
  /** Whether it may see patron details beyond validity (addresses, email, phone, birth date). */
  seesPatronDetails: boolean;
  charset: SipCharset;
  /** Whether every patron message must carry the patron's PIN (AD). */
  requiresPatronPin: boolean;
  /** Whether patron details (with seesPatronDetails) go out only with the patron's right PIN: the default. */
  patronDetailsNeedPin: boolean;
  /** Whether a check-in of an item that was not on loan answers ok 1; by default it answers ok 0 (sorters reject it). */
  checkInNotOnLoanOk: boolean;
}

/** What a message handler gets: the logged-in account and the same services the desk uses. */
export interface SipSessionContext extends CirculationContext {
  db: Kysely<Database>;
  clock: Clock;
  config: CarrelConfig;
  /** Undefined until a successful 93 login (99 SC status may come before login). */
  account: SipAccount | undefined;
  /** The institution's time zone, for SIP dates. */
  timeZone: string;
  /** The audit actor for this session: kind 'sip', named after the SIP account. */
  actor: Actor | undefined;
}

export type SipHandler = (message: SipMessage, session: SipSessionContext) => Promise<SipReply>;

import type { Selectable } from 'kysely';
import type { PatronBlockTable, PatronNoteTable, PatronTable } from '../../db/schema.ts';
import { isPinLocked } from './patron-pin.service.ts';
import { displayNameOf, isPatronExpired } from './patron.policy.ts';

/** A patron row with its group, as patron.queries.ts selects it. */
export type PatronRow = Selectable<PatronTable> & { group_code: string; group_name: string };

export interface PatronBlockRecord {
  id: string;
  reason: string;
  patronMessage: string | null;
  blocksBorrowing: boolean;
  blocksRenewals: boolean;
  blocksRequests: boolean;
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface PatronNoteRecord {
  id: string;
  kind: 'staff' | 'pop-up';
  text: string;
  createdBy: string | null;
  createdAt: string;
}

/** The patron as the API and other modules see it. Never carries the PIN hash. */
export interface PatronRecord {
  id: string;
  barcode: string;
  externalId: string | null;
  firstName: string;
  middleName: string | null;
  lastName: string;
  preferredFirstName: string | null;
  displayName: string;
  email: string | null;
  phone: string | null;
  address: { line1: string | null; line2: string | null; city: string | null; region: string | null; postalCode: string | null; country: string | null };
  birthDate: string | null;
  expiresOn: string | null;
  expired: boolean;
  status: 'active' | 'inactive';
  patronGroup: { id: string; code: string; name: string };
  keepLoanHistory: boolean;
  /** Language of the patron's notices (e.g. 'es'); null: the institution's default. */
  preferredLanguage: string | null;
  blocks: PatronBlockRecord[];
  popUpNotes: PatronNoteRecord[];
  hasPin: boolean;
  pinLockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toBlockRecord(row: Selectable<PatronBlockTable>): PatronBlockRecord {
  return {
    id: row.id,
    reason: row.reason,
    patronMessage: row.patron_message,
    blocksBorrowing: Boolean(row.blocks_borrowing),
    blocksRenewals: Boolean(row.blocks_renewals),
    blocksRequests: Boolean(row.blocks_requests),
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export function toNoteRecord(row: Selectable<PatronNoteTable>): PatronNoteRecord {
  return { id: row.id, kind: row.kind, text: row.text, createdBy: row.created_by, createdAt: row.created_at };
}

export interface RecordContext {
  now: Date;
  timeZone: string;
  /** Blocks in force and pop-up notes of this patron. */
  blocks: PatronBlockRecord[];
  popUpNotes: PatronNoteRecord[];
}

export function toPatronRecord(row: PatronRow, context: RecordContext): PatronRecord {
  const name = { firstName: row.first_name, middleName: row.middle_name, lastName: row.last_name, preferredFirstName: row.preferred_first_name };
  return {
    id: row.id,
    barcode: row.barcode,
    externalId: row.external_id,
    ...name,
    displayName: displayNameOf(name),
    email: row.email,
    phone: row.phone,
    address: { line1: row.address_line1, line2: row.address_line2, city: row.city, region: row.region, postalCode: row.postal_code, country: row.country },
    birthDate: row.birth_date,
    expiresOn: row.expires_on,
    expired: isPatronExpired(row.expires_on, context.now, context.timeZone),
    status: row.status,
    patronGroup: { id: row.patron_group_id, code: row.group_code, name: row.group_name },
    keepLoanHistory: Boolean(row.keep_loan_history),
    preferredLanguage: row.preferred_language ?? null,
    blocks: context.blocks,
    popUpNotes: context.popUpNotes,
    hasPin: row.pin_hash !== null,
    /** When wrong PINs have locked the PIN: until then (null when not locked). */
    pinLockedUntil: isPinLocked(row.pin_locked_until, context.now) ? row.pin_locked_until : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The fields an audit event records: the record's own facts, without the PIN or derived values. */
export function auditViewOf(row: Selectable<PatronTable>): Record<string, unknown> {
  return {
    barcode: row.barcode,
    externalId: row.external_id,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    preferredFirstName: row.preferred_first_name,
    email: row.email,
    phone: row.phone,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    birthDate: row.birth_date,
    expiresOn: row.expires_on,
    status: row.status,
    patronGroupId: row.patron_group_id,
    keepLoanHistory: Boolean(row.keep_loan_history),
    preferredLanguage: row.preferred_language ?? null,
  };
}

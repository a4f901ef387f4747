import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, PatronTable } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { hashSecret } from '../staff/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { displayNameOf, duplicateReasonsOf, nameKeyOf, searchTextOf, type DuplicateReason } from './patron.policy.ts';
import {
  describePatrons,
  findPatronIdByBarcode,
  findPatronIdByExternalId,
  findPossibleDuplicateRows,
  insertPatronRow,
  requirePatronGroup,
  requirePatronRow,
  searchPatrons,
  updatePatronRow,
  type PatronSearch,
} from './patron.queries.ts';
import { startPinAfresh } from './patron-pin.service.ts';
import { setPinHash } from './patron-pin.queries.ts';
import { auditViewOf, type PatronRecord, type PatronRow } from './patron.record.ts';

export interface PatronAddress {
  line1?: string | null | undefined;
  line2?: string | null | undefined;
  city?: string | null | undefined;
  region?: string | null | undefined;
  postalCode?: string | null | undefined;
  country?: string | null | undefined;
}

/** The editable facts of a patron record; optional ones may be null to clear them. */
export interface PatronChanges {
  barcode?: string | undefined;
  externalId?: string | null | undefined;
  firstName?: string | undefined;
  middleName?: string | null | undefined;
  lastName?: string | undefined;
  preferredFirstName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  address?: PatronAddress | undefined;
  birthDate?: string | null | undefined;
  expiresOn?: string | null | undefined;
  status?: 'active' | 'inactive' | undefined;
  patronGroupId?: string | undefined;
  keepLoanHistory?: boolean | undefined;
  preferredLanguage?: string | null | undefined;
}

export type NewPatron = PatronChanges & { barcode: string; firstName: string; lastName: string; patronGroupId: string; pin?: string | undefined };

export interface PossibleDuplicate {
  id: string;
  barcode: string;
  displayName: string;
  birthDate: string | null;
  email: string | null;
  reasons: DuplicateReason[];
}

export async function getPatron(db: Kysely<Database>, clock: Clock, institutionId: string, patronId: string): Promise<PatronRecord> {
  const row = await requirePatronRow(db, institutionId, patronId);
  const [record] = await describePatrons(db, institutionId, [row], clock.now());
  return record as PatronRecord;
}

export async function findPatrons(db: Kysely<Database>, clock: Clock, search: PatronSearch): Promise<{ items: PatronRecord[]; total: number }> {
  const { rows, total } = await searchPatrons(db, search);
  return { items: await describePatrons(db, search.institutionId, rows, clock.now()), total };
}

export async function possibleDuplicatesOf(db: Kysely<Database>, institutionId: string, patronId: string): Promise<PossibleDuplicate[]> {
  const row = await requirePatronRow(db, institutionId, patronId);
  return duplicatesOfRow(db, row);
}

async function duplicatesOfRow(db: Kysely<Database>, row: Selectable<PatronTable>): Promise<PossibleDuplicate[]> {
  const probe = { firstName: row.first_name, lastName: row.last_name, birthDate: row.birth_date, email: row.email };
  const others = await findPossibleDuplicateRows(db, row.institution_id, probe, row.id);
  return others.map((other) => ({
    id: other.id,
    barcode: other.barcode,
    displayName: displayNameOf({ firstName: other.first_name, lastName: other.last_name, preferredFirstName: other.preferred_first_name }),
    birthDate: other.birth_date,
    email: other.email,
    reasons: duplicateReasonsOf(probe, { firstName: other.first_name, lastName: other.last_name, birthDate: other.birth_date, email: other.email }),
  }));
}

/** Column values for the given changes; name keys are recomputed from the merged names. */
function columnsOf(changes: PatronChanges, current?: Selectable<PatronTable>): Updateable<PatronTable> {
  const columns: Updateable<PatronTable> = {};
  // A blank optional field is an empty one: store null so that searches and duplicate checks agree.
  const set = <K extends keyof PatronTable>(column: K, value: Updateable<PatronTable>[K] | undefined) => {
    if (value !== undefined) columns[column] = (typeof value === 'string' && value.trim() === '' ? null : value) as Updateable<PatronTable>[K];
  };
  set('barcode', changes.barcode);
  set('external_id', changes.externalId);
  set('first_name', changes.firstName);
  set('middle_name', changes.middleName);
  set('last_name', changes.lastName);
  set('preferred_first_name', changes.preferredFirstName);
  set('email', changes.email);
  set('phone', changes.phone);
  set('address_line1', changes.address?.line1);
  set('address_line2', changes.address?.line2);
  set('city', changes.address?.city);
  set('region', changes.address?.region);
  set('postal_code', changes.address?.postalCode);
  set('country', changes.address?.country);
  set('birth_date', changes.birthDate);
  set('expires_on', changes.expiresOn);
  set('status', changes.status);
  set('patron_group_id', changes.patronGroupId);
  set('keep_loan_history', changes.keepLoanHistory);
  set('preferred_language', changes.preferredLanguage);
  const name = {
    firstName: changes.firstName ?? current?.first_name ?? '',
    lastName: changes.lastName ?? current?.last_name ?? '',
    middleName: changes.middleName === undefined ? current?.middle_name : changes.middleName,
    preferredFirstName: changes.preferredFirstName === undefined ? current?.preferred_first_name : changes.preferredFirstName,
  };
  columns.name_key = nameKeyOf(name);
  columns.search_text = searchTextOf(name);
  return columns;
}

async function assertIdentifiersFree(trx: Kysely<Database>, institutionId: string, changes: PatronChanges, patronId?: string): Promise<void> {
  if (changes.barcode !== undefined) {
    const holder = await findPatronIdByBarcode(trx, institutionId, changes.barcode);
    if (holder && holder !== patronId) {
      throw new DomainError('DUPLICATE_BARCODE', `Another patron already has barcode ${changes.barcode}.`, { barcode: changes.barcode, patronId: holder });
    }
  }
  if (changes.externalId) {
    const holder = await findPatronIdByExternalId(trx, institutionId, changes.externalId);
    if (holder && holder !== patronId) {
      throw new DomainError('DUPLICATE_EXTERNAL_ID', `Another patron already has external id ${changes.externalId}.`, { externalId: changes.externalId, patronId: holder });
    }
  }
  if (changes.patronGroupId !== undefined) await requirePatronGroup(trx, institutionId, changes.patronGroupId);
}

/**
 * Create a patron. Possible duplicates (same name and birth date, or same email) do not stop the
 * creation: the desk may be registering twins or a shared family email; they come back in the
 * reply for staff to review.
 */
export async function createPatron(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  input: NewPatron,
): Promise<{ patron: PatronRecord; possibleDuplicates: PossibleDuplicate[] }> {
  const pinHash = input.pin ? await hashSecret(input.pin) : null;
  const patronId = await db.transaction().execute(async (trx) => {
    await assertIdentifiersFree(trx, actor.institutionId, input);
    const id = newId();
    const at = clock.now().toISOString();
    const { pin: _pin, ...facts } = input;
    await insertPatronRow(trx, {
      ...columnsOf(facts),
      id,
      institution_id: actor.institutionId,
      barcode: input.barcode,
      first_name: input.firstName,
      last_name: input.lastName,
      patron_group_id: input.patronGroupId,
      pin_hash: pinHash,
      created_at: at,
      updated_at: at,
    });
    const row = await requirePatronRow(trx, actor.institutionId, id);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron.create', entityType: 'patron', entityId: id, after: { ...auditViewOf(row), hasPin: pinHash !== null } });
    return id;
  });
  const patron = await getPatron(db, clock, actor.institutionId, patronId);
  const possibleDuplicates = await possibleDuplicatesOf(db, actor.institutionId, patronId);
  return { patron, possibleDuplicates };
}

/** Only the fields whose values differ, for the audit trail. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed = Object.keys(after).filter((key) => before[key] !== after[key]);
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key]])),
    after: Object.fromEntries(changed.map((key) => [key, after[key]])),
    changed,
  };
}

export async function updatePatron(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string, changes: PatronChanges): Promise<PatronRecord> {
  await db.transaction().execute(async (trx) => {
    const current = await requirePatronRow(trx, actor.institutionId, patronId);
    await assertIdentifiersFree(trx, actor.institutionId, changes, patronId);
    await updatePatronRow(trx, actor.institutionId, patronId, { ...columnsOf(changes, current), updated_at: clock.now().toISOString() });
    const updated = await requirePatronRow(trx, actor.institutionId, patronId);
    const diff = changedFields(auditViewOf(current), auditViewOf(updated));
    if (diff.changed.length > 0) {
      await recordAuditEvent(trx, actor, clock.now(), { action: 'patron.update', entityType: 'patron', entityId: patronId, before: diff.before, after: diff.after });
    }
  });
  return getPatron(db, clock, actor.institutionId, patronId);
}

/**
 * Set or replace the patron's PIN (kiosks, the portal). Only the argon2 hash is kept; the audit says that it changed, never what to.
 * The PIN lock lifts and every portal session of the patron ends, except `keepPortalSessionId` (the patron changing their own).
 */
export async function setPatronPin(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string, pin: string, keepPortalSessionId?: string): Promise<{ hasPin: true }> {
  const pinHash = await hashSecret(pin);
  await db.transaction().execute(async (trx) => {
    const current: PatronRow = await requirePatronRow(trx, actor.institutionId, patronId);
    await setPinHash(trx, patronId, pinHash, clock.now().toISOString());
    await startPinAfresh(trx, patronId, keepPortalSessionId);
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'patron.pin-set',
      entityType: 'patron',
      entityId: patronId,
      before: { hasPin: current.pin_hash !== null },
      after: { hasPin: true },
    });
  });
  return { hasPin: true };
}

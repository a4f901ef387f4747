import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { ensureBuiltInRoles } from '../staff/index.ts';
import { isTimeZone } from './calendar-entry.policy.ts';
import {
  campusExists,
  codeIsTaken,
  findInstitutionByCode,
  findLibrary,
  findLocationView,
  insertCampus,
  insertInstitution,
  insertLibrary,
  insertLocation,
  missingIds,
  orgUnitCodeIsTaken,
  setServingServicePoints,
  updateLocationRow,
  type LocationView,
} from './org.queries.ts';

export interface NewInstitution {
  code: string;
  name: string;
  currency: string;
  timeZone: string;
  locale?: string | undefined;
}

/** A new institution with the built-in staff roles; run by the CLI and the demo seed, so the actor is the system. */
export async function createInstitution(db: Kysely<Database>, clock: Clock, input: NewInstitution, actorName = 'system'): Promise<{ id: string }> {
  if (!/^[A-Z]{3}$/.test(input.currency)) throw new DomainError('VALIDATION_FAILED', `${input.currency} is not an ISO 4217 currency code such as USD.`, { field: 'currency' });
  if (!isTimeZone(input.timeZone)) throw new DomainError('VALIDATION_FAILED', `${input.timeZone} is not an IANA time zone such as America/Los_Angeles.`, { field: 'timeZone' });
  return db.transaction().execute(async (trx) => {
    if (await findInstitutionByCode(trx, input.code)) {
      throw new DomainError('DUPLICATE_CODE', `There is already an institution with code ${input.code}.`, { code: input.code });
    }
    const id = newId();
    const now = clock.now().toISOString();
    await insertInstitution(trx, { id, code: input.code, name: input.name, currency: input.currency, time_zone: input.timeZone, locale: input.locale, created_at: now, updated_at: now });
    await ensureBuiltInRoles(trx, id);
    const actor: Actor = { kind: 'system', id: null, name: actorName, institutionId: id };
    await recordAuditEvent(trx, actor, clock.now(), { action: 'institution.create', entityType: 'institution', entityId: id, after: input });
    return { id };
  });
}

export async function createCampus(db: Kysely<Database>, clock: Clock, actor: Actor, input: { code: string; name: string }): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    if (await orgUnitCodeIsTaken(trx, 'campus', actor.institutionId, input.code)) throw new DomainError('DUPLICATE_CODE', `There is already a campus with code ${input.code}.`, { code: input.code });
    const id = newId();
    await insertCampus(trx, { id, institution_id: actor.institutionId, code: input.code, name: input.name });
    await recordAuditEvent(trx, actor, clock.now(), { action: 'campus.create', entityType: 'campus', entityId: id, after: input });
    return { id };
  });
}

export async function createLibrary(db: Kysely<Database>, clock: Clock, actor: Actor, input: { campusId: string; code: string; name: string }): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    if (!(await campusExists(trx, actor.institutionId, input.campusId))) throw new DomainError('VALIDATION_FAILED', 'There is no such campus.', { field: 'campusId', campusId: input.campusId });
    if (await orgUnitCodeIsTaken(trx, 'library', actor.institutionId, input.code)) throw new DomainError('DUPLICATE_CODE', `There is already a library with code ${input.code}.`, { code: input.code });
    const id = newId();
    await insertLibrary(trx, { id, institution_id: actor.institutionId, campus_id: input.campusId, code: input.code, name: input.name });
    await recordAuditEvent(trx, actor, clock.now(), { action: 'library.create', entityType: 'library', entityId: id, after: input });
    return { id };
  });
}

export interface LocationChanges {
  code?: string | undefined;
  name?: string | undefined;
  libraryId?: string | undefined;
  primaryServicePointId?: string | null | undefined;
  /** Service points that serve this location (replaces the current set). */
  servicePointIds?: string[] | undefined;
  active?: boolean | undefined;
}

export type NewLocation = LocationChanges & { code: string; name: string; libraryId: string };

/** Checks shared by create and edit: the library, the service points and the code belong to the caller's institution. */
async function checkLocationChanges(trx: Kysely<Database>, institutionId: string, changes: LocationChanges, locationId?: string) {
  if (changes.libraryId !== undefined && !(await findLibrary(trx, institutionId, changes.libraryId))) {
    throw new DomainError('LIBRARY_NOT_FOUND', 'There is no such library.', { libraryId: changes.libraryId });
  }
  const servicePointIds = [...(changes.servicePointIds ?? []), ...(changes.primaryServicePointId ? [changes.primaryServicePointId] : [])];
  const missing = await missingIds(trx, 'service_point', institutionId, servicePointIds);
  if (missing.length > 0) throw new DomainError('SERVICE_POINT_NOT_FOUND', `There is no service point ${missing.join(', ')}.`, { servicePointIds: missing });
  if (changes.code !== undefined && (await codeIsTaken(trx, 'location', institutionId, changes.code, locationId))) {
    throw new DomainError('DUPLICATE_CODE', `There is already a location with code ${changes.code}.`, { code: changes.code });
  }
}

export async function createLocation(db: Kysely<Database>, clock: Clock, actor: Actor, input: NewLocation): Promise<LocationView> {
  return db.transaction().execute(async (trx) => {
    await checkLocationChanges(trx, actor.institutionId, input);
    const id = newId();
    await insertLocation(trx, {
      id,
      institution_id: actor.institutionId,
      library_id: input.libraryId,
      code: input.code,
      name: input.name,
      primary_service_point_id: input.primaryServicePointId ?? null,
      active: input.active ?? true,
    });
    const servers = input.servicePointIds ?? (input.primaryServicePointId ? [input.primaryServicePointId] : []);
    await setServingServicePoints(trx, id, servers);
    const created = await findLocationView(trx, actor.institutionId, id);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'location.create', entityType: 'location', entityId: id, after: created });
    return created as LocationView;
  });
}

export async function updateLocation(db: Kysely<Database>, clock: Clock, actor: Actor, locationId: string, changes: LocationChanges): Promise<LocationView> {
  return db.transaction().execute(async (trx) => {
    const before = await findLocationView(trx, actor.institutionId, locationId);
    if (!before) {
      throw new DomainError('LOCATION_NOT_FOUND', 'There is no such location.', { locationId });
    }
    await checkLocationChanges(trx, actor.institutionId, changes, locationId);
    const row: Partial<{ code: string; name: string; library_id: string; primary_service_point_id: string | null; active: boolean }> = {};
    if (changes.code !== undefined) row.code = changes.code;
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.libraryId !== undefined) row.library_id = changes.libraryId;
    if (changes.primaryServicePointId !== undefined) row.primary_service_point_id = changes.primaryServicePointId;
    if (changes.active !== undefined) row.active = changes.active;
    if (Object.keys(row).length > 0) await updateLocationRow(trx, locationId, row);
    if (changes.servicePointIds !== undefined) await setServingServicePoints(trx, locationId, changes.servicePointIds);
    const after = (await findLocationView(trx, actor.institutionId, locationId)) as LocationView;
    await recordAuditEvent(trx, actor, clock.now(), { action: 'location.update', entityType: 'location', entityId: locationId, before, after });
    return after;
  });
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { isTimeZone } from './calendar-entry.policy.ts';
import { codeIsTaken, findLibrary, missingIds } from './org.queries.ts';
import { findServicePoint, insertServicePoint, setServedLocations, updateServicePointRow, type ServicePointView } from './service-point.queries.ts';

export interface ServicePointChanges {
  code?: string | undefined;
  name?: string | undefined;
  discoveryName?: string | null | undefined;
  libraryId?: string | null | undefined;
  isPickupPoint?: boolean | undefined;
  holdShelfExpiryDays?: number | undefined;
  /** An IANA zone, or null to follow the institution's. */
  timeZone?: string | null | undefined;
  active?: boolean | undefined;
  /** The shelving locations this desk serves (replaces the current set). */
  locationIds?: string[] | undefined;
}

export type NewServicePoint = ServicePointChanges & { code: string; name: string };

/** A service point of the caller's institution, or SERVICE_POINT_NOT_FOUND (also for another institution's, so ids do not leak). */
export async function requireServicePoint(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<ServicePointView> {
  const servicePoint = await findServicePoint(db, institutionId, servicePointId);
  if (!servicePoint) throw new DomainError('SERVICE_POINT_NOT_FOUND', 'There is no such service point.', { servicePointId });
  return servicePoint;
}

async function checkServicePointChanges(trx: Kysely<Database>, institutionId: string, changes: ServicePointChanges, servicePointId?: string) {
  if (changes.timeZone && !isTimeZone(changes.timeZone)) {
    throw new DomainError('VALIDATION_FAILED', `${changes.timeZone} is not an IANA time zone such as America/Los_Angeles.`, { field: 'timeZone' });
  }
  if (changes.holdShelfExpiryDays !== undefined && (!Number.isInteger(changes.holdShelfExpiryDays) || changes.holdShelfExpiryDays < 0)) {
    throw new DomainError('VALIDATION_FAILED', 'Hold shelf expiry days must be a whole number of days, zero or more.', { field: 'holdShelfExpiryDays' });
  }
  if (changes.libraryId && !(await findLibrary(trx, institutionId, changes.libraryId))) {
    throw new DomainError('LIBRARY_NOT_FOUND', 'There is no such library.', { libraryId: changes.libraryId });
  }
  const missing = await missingIds(trx, 'location', institutionId, changes.locationIds ?? []);
  if (missing.length > 0) throw new DomainError('LOCATION_NOT_FOUND', `There is no location ${missing.join(', ')}.`, { locationIds: missing });
  if (changes.code !== undefined && (await codeIsTaken(trx, 'service_point', institutionId, changes.code, servicePointId))) {
    throw new DomainError('DUPLICATE_CODE', `There is already a service point with code ${changes.code}.`, { code: changes.code });
  }
}

export async function createServicePoint(db: Kysely<Database>, clock: Clock, actor: Actor, input: NewServicePoint): Promise<ServicePointView> {
  return db.transaction().execute(async (trx) => {
    await checkServicePointChanges(trx, actor.institutionId, input);
    const id = newId();
    await insertServicePoint(trx, {
      id,
      institution_id: actor.institutionId,
      library_id: input.libraryId ?? null,
      code: input.code,
      name: input.name,
      discovery_name: input.discoveryName ?? null,
      is_pickup_point: input.isPickupPoint ?? false,
      hold_shelf_expiry_days: input.holdShelfExpiryDays,
      time_zone: input.timeZone ?? null,
      active: input.active ?? true,
    });
    await setServedLocations(trx, id, input.locationIds ?? []);
    const created = await requireServicePoint(trx, actor.institutionId, id);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'service-point.create', entityType: 'service_point', entityId: id, after: created });
    return created;
  });
}

export async function updateServicePoint(db: Kysely<Database>, clock: Clock, actor: Actor, servicePointId: string, changes: ServicePointChanges): Promise<ServicePointView> {
  return db.transaction().execute(async (trx) => {
    const before = await requireServicePoint(trx, actor.institutionId, servicePointId);
    await checkServicePointChanges(trx, actor.institutionId, changes, servicePointId);
    const row: Partial<{
      code: string;
      name: string;
      discovery_name: string | null;
      library_id: string | null;
      is_pickup_point: boolean;
      hold_shelf_expiry_days: number;
      time_zone: string | null;
      active: boolean;
    }> = {};
    if (changes.code !== undefined) row.code = changes.code;
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.discoveryName !== undefined) row.discovery_name = changes.discoveryName;
    if (changes.libraryId !== undefined) row.library_id = changes.libraryId;
    if (changes.isPickupPoint !== undefined) row.is_pickup_point = changes.isPickupPoint;
    if (changes.holdShelfExpiryDays !== undefined) row.hold_shelf_expiry_days = changes.holdShelfExpiryDays;
    if (changes.timeZone !== undefined) row.time_zone = changes.timeZone;
    if (changes.active !== undefined) row.active = changes.active;
    if (Object.keys(row).length > 0) {
      await updateServicePointRow(trx, actor.institutionId, servicePointId, row);
    }
    if (changes.locationIds !== undefined) await setServedLocations(trx, servicePointId, changes.locationIds);
    const after = await requireServicePoint(trx, actor.institutionId, servicePointId);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'service-point.update', entityType: 'service_point', entityId: servicePointId, before, after });
    return after;
  });
}

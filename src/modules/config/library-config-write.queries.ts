import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { policyKinds, type PolicyKind } from '../policies/index.ts';
import { writeWeeklyHours } from '../org/index.ts';
import { exceptionOf, hoursRowsOf } from './library-config.policy.ts';
import type { ConfigIds } from './library-config.queries.ts';
import type {
  CalendarEntry, CampusEntry, LibraryEntry, LocationEntry, PatronGroupLimitEntry, PolicyEntry, ReferenceEntry, RuleEntry, ServicePointEntry,
} from './library-config.schema.ts';

/**
 * Writes of one configuration entry each, inside the caller's transaction. Codes were checked
 * before: an unknown code here is a bug, not a librarian's mistake.
 */
export interface ConfigWriteContext {
  trx: Kysely<Database>;
  institutionId: string;
  ids: ConfigIds;
  stamp: string;
  actorName: string;
}

function idOf(ids: Map<string, string>, code: string): string {
  const id = ids.get(code);
  if (!id) throw new Error(`library configuration: '${code}' was not created before it was used`);
  return id;
}

function optionalIdOf(ids: Map<string, string>, code: string | null): string | null {
  return code === null ? null : idOf(ids, code);
}

export async function writeCampus({ trx, institutionId, ids }: ConfigWriteContext, entry: CampusEntry): Promise<void> {
  const existing = ids.campus.get(entry.code);
  if (existing) {
    await trx.updateTable('campus').set({ name: entry.name }).where('id', '=', existing).execute();
    return;
  }
  const id = newId();
  await trx.insertInto('campus').values({ id, institution_id: institutionId, code: entry.code, name: entry.name }).execute();
  ids.campus.set(entry.code, id);
}

export async function writeLibrary({ trx, institutionId, ids }: ConfigWriteContext, entry: LibraryEntry): Promise<void> {
  const values = { name: entry.name, campus_id: idOf(ids.campus, entry.campus) };
  const existing = ids.library.get(entry.code);
  if (existing) {
    await trx.updateTable('library').set(values).where('id', '=', existing).execute();
    return;
  }
  const id = newId();
  await trx.insertInto('library').values({ id, institution_id: institutionId, code: entry.code, ...values }).execute();
  ids.library.set(entry.code, id);
}

export async function writeReferenceType(
  { trx, institutionId, ids }: ConfigWriteContext,
  table: 'patron_group' | 'material_type' | 'loan_type',
  entry: ReferenceEntry,
): Promise<void> {
  const values = { name: entry.name, description: entry.description };
  const existing = ids[table].get(entry.code);
  if (existing) {
    await trx.updateTable(table).set(values).where('id', '=', existing).execute();
    return;
  }
  const id = newId();
  await trx.insertInto(table).values({ id, institution_id: institutionId, code: entry.code, ...values }).execute();
  ids[table].set(entry.code, id);
}

export async function writeServicePoint({ trx, institutionId, ids }: ConfigWriteContext, entry: ServicePointEntry): Promise<void> {
  const values = {
    name: entry.name,
    library_id: optionalIdOf(ids.library, entry.library),
    discovery_name: entry.discoveryName,
    is_pickup_point: entry.pickupPoint,
    hold_shelf_expiry_days: entry.holdShelfExpiryDays,
    time_zone: entry.timeZone,
    active: entry.active,
  };
  const existing = ids.service_point.get(entry.code);
  if (existing) {
    await trx.updateTable('service_point').set(values).where('id', '=', existing).execute();
    return;
  }
  const id = newId();
  await trx.insertInto('service_point').values({ id, institution_id: institutionId, code: entry.code, ...values }).execute();
  ids.service_point.set(entry.code, id);
}

/** Replace the set of shelving locations a service point serves. */
export async function writeLocationsServed({ trx, ids }: ConfigWriteContext, entry: ServicePointEntry): Promise<void> {
  if (!entry.locationsServed) return;
  const servicePointId = idOf(ids.service_point, entry.code);
  await trx.deleteFrom('service_point_location').where('service_point_id', '=', servicePointId).execute();
  const locationIds = [...new Set(entry.locationsServed)].map((code) => idOf(ids.location, code));
  if (locationIds.length === 0) return;
  await trx.insertInto('service_point_location').values(locationIds.map((locationId) => ({ service_point_id: servicePointId, location_id: locationId }))).execute();
}

export async function writeLocation({ trx, institutionId, ids }: ConfigWriteContext, entry: LocationEntry): Promise<void> {
  const values = {
    name: entry.name,
    library_id: idOf(ids.library, entry.library),
    primary_service_point_id: optionalIdOf(ids.service_point, entry.primaryServicePoint),
    active: entry.active,
  };
  const existing = ids.location.get(entry.code);
  if (existing) {
    await trx.updateTable('location').set(values).where('id', '=', existing).execute();
    return;
  }
  const id = newId();
  await trx.insertInto('location').values({ id, institution_id: institutionId, code: entry.code, ...values }).execute();
  ids.location.set(entry.code, id);
}

/** A calendar given in the file replaces the service point's weekly hours and all its closures and special hours. */
export async function writeCalendar({ trx, institutionId, ids }: ConfigWriteContext, entry: CalendarEntry): Promise<void> {
  const servicePointId = idOf(ids.service_point, entry.servicePoint);
  await writeWeeklyHours(trx, institutionId, servicePointId, hoursRowsOf(entry.hours));
  await trx.deleteFrom('calendar_exception').where('institution_id', '=', institutionId).where('service_point_id', '=', servicePointId).execute();
  if (entry.exceptions.length === 0) return;
  await trx
    .insertInto('calendar_exception')
    .values(
      entry.exceptions.map((written) => {
        const exception = exceptionOf(written);
        return {
          id: newId(), institution_id: institutionId, service_point_id: servicePointId, name: exception.name, kind: exception.kind,
          start_date: exception.startDate, end_date: exception.endDate, opens_at: exception.opensAt ?? null, closes_at: exception.closesAt ?? null,
        };
      }),
    )
    .execute();
}

export async function writePolicy({ trx, institutionId, ids, stamp, actorName }: ConfigWriteContext, kind: PolicyKind, entry: PolicyEntry): Promise<void> {
  const table = policyKinds[kind].table as 'loan_policy';
  const values = { name: entry.name, description: entry.description, settings: JSON.stringify(entry.settings), updated_at: stamp, updated_by: actorName };
  const existing = ids.policies[kind].get(entry.code);
  if (existing) {
    await trx.updateTable(table).set(values).where('id', '=', existing).execute();
    return;
  }
  const id = newId();
  await trx.insertInto(table).values({ id, institution_id: institutionId, code: entry.code, ...values }).execute();
  ids.policies[kind].set(entry.code, id);
}

/** `ruleId`: the institution's rule this entry is written over (see currentRuleFor), or null to create one. */
export async function writeRule({ trx, institutionId, ids, stamp, actorName }: ConfigWriteContext, entry: RuleEntry, ruleId: string | null): Promise<void> {
  const policyId = (kind: PolicyKind, code: string | undefined) => idOf(ids.policies[kind], code as string);
  const values = {
    name: entry.name,
    is_fallback: entry.fallback,
    patron_group_id: optionalIdOf(ids.patron_group, entry.patronGroup),
    material_type_id: optionalIdOf(ids.material_type, entry.materialType),
    loan_type_id: optionalIdOf(ids.loan_type, entry.loanType),
    location_id: optionalIdOf(ids.location, entry.location),
    library_id: optionalIdOf(ids.library, entry.library),
    campus_id: optionalIdOf(ids.campus, entry.campus),
    loan_policy_id: policyId('loan-policy', entry.loanPolicy),
    request_policy_id: policyId('request-policy', entry.requestPolicy),
    overdue_fine_policy_id: policyId('overdue-fine-policy', entry.overdueFinePolicy),
    lost_item_policy_id: policyId('lost-item-policy', entry.lostItemPolicy),
    notice_policy_id: policyId('notice-policy', entry.noticePolicy),
    updated_at: stamp,
    updated_by: actorName,
  };
  if (ruleId) {
    await trx.updateTable('circulation_rule').set(values).where('id', '=', ruleId).execute();
    return;
  }
  const id = newId();
  await trx.insertInto('circulation_rule').values({ id, institution_id: institutionId, ...values }).execute();
  ids.rules.set(entry.name, { id, isFallback: entry.fallback });
}

/** Limits left out of an entry mean no limit, as in the circulation settings screen. */
export async function writePatronGroupLimits({ trx, institutionId, ids, stamp, actorName }: ConfigWriteContext, entry: PatronGroupLimitEntry): Promise<void> {
  const patronGroupId = idOf(ids.patron_group, entry.patronGroup);
  const perMaterialType = Object.fromEntries(Object.entries(entry.maxLoansPerMaterialType).map(([code, max]) => [idOf(ids.material_type, code), max]));
  const values = {
    max_loans: entry.maxLoans,
    max_loans_per_material_type: JSON.stringify(perMaterialType),
    max_overdue_items: entry.maxOverdueItems,
    max_overdue_recalls: entry.maxOverdueRecalls,
    max_lost_items: entry.maxLostItems,
    max_fee_balance_cents: entry.maxFeeBalanceCents,
    updated_at: stamp,
    updated_by: actorName,
  };
  if (ids.limits.has(entry.patronGroup)) {
    await trx.updateTable('patron_group_limit').set(values).where('patron_group_id', '=', patronGroupId).where('institution_id', '=', institutionId).execute();
    return;
  }
  await trx.insertInto('patron_group_limit').values({ id: newId(), institution_id: institutionId, patron_group_id: patronGroupId, ...values }).execute();
  ids.limits.add(entry.patronGroup);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { policyKinds, type PolicyKind } from '../policies/index.ts';
import { compareRules } from '../circulation/index.ts';
import { hoursEntriesOf } from './library-config.policy.ts';
import { policySectionNames, policySections, type CalendarEntry, type LibraryConfig, type PolicyEntry, type RuleEntry } from './library-config.schema.ts';

/** Ids of what the institution already has, by code (rules by name), so the file can be written over it. */
export interface ConfigIds {
  campus: Map<string, string>;
  library: Map<string, string>;
  patron_group: Map<string, string>;
  material_type: Map<string, string>;
  loan_type: Map<string, string>;
  service_point: Map<string, string>;
  location: Map<string, string>;
  policies: Record<PolicyKind, Map<string, string>>;
  rules: Map<string, { id: string; isFallback: boolean }>;
  /** patron groups (by code) that have a limits row */
  limits: Set<string>;
}

export interface CurrentLibraryConfig {
  /** every section written out in full, as `carrel config export` prints it */
  config: Required<Omit<LibraryConfig, 'version'>> & { version: 1 };
  ids: ConfigIds;
  fallbackRuleName: string | null;
}

function byCode<Row extends { id: string; code: string }>(rows: Row[]): Map<string, string> {
  return new Map(rows.map((row) => [row.code, row.id]));
}

function codeOf(codes: Map<string, string>, id: string | null): string | null {
  return id === null ? null : (codes.get(id) ?? null);
}

function invert(ids: Map<string, string>): Map<string, string> {
  return new Map([...ids].map(([code, id]) => [id, code]));
}

/** The institution's configuration in the file's form, with the ids behind every code. */
export async function readLibraryConfig(db: Kysely<Database>, institutionId: string): Promise<CurrentLibraryConfig> {
  const [campuses, libraries, servicePoints, locations] = await Promise.all([
    db.selectFrom('campus').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute(),
    db.selectFrom('library').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute(),
    db.selectFrom('service_point').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute(),
    db.selectFrom('location').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute(),
  ]);
  const referenceRows = async (table: 'patron_group' | 'material_type' | 'loan_type') =>
    db.selectFrom(table).selectAll().where('institution_id', '=', institutionId).orderBy('code').execute();
  const [patronGroups, materialTypes, loanTypes] = await Promise.all([referenceRows('patron_group'), referenceRows('material_type'), referenceRows('loan_type')]);
  const served = await db
    .selectFrom('service_point_location')
    .innerJoin('service_point', 'service_point.id', 'service_point_location.service_point_id')
    .select(['service_point_location.service_point_id', 'service_point_location.location_id'])
    .where('service_point.institution_id', '=', institutionId)
    .execute();
  const [hours, exceptions] = await Promise.all([
    db.selectFrom('calendar_hours').selectAll().where('institution_id', '=', institutionId).execute(),
    db.selectFrom('calendar_exception').selectAll().where('institution_id', '=', institutionId).orderBy('start_date').orderBy('end_date').orderBy('name').execute(),
  ]);

  const ids: ConfigIds = {
    campus: byCode(campuses),
    library: byCode(libraries),
    patron_group: byCode(patronGroups),
    material_type: byCode(materialTypes),
    loan_type: byCode(loanTypes),
    service_point: byCode(servicePoints),
    location: byCode(locations),
    policies: {} as Record<PolicyKind, Map<string, string>>,
    rules: new Map(),
    limits: new Set(),
  };
  const codes = {
    campus: invert(ids.campus), library: invert(ids.library), patronGroup: invert(ids.patron_group), materialType: invert(ids.material_type),
    loanType: invert(ids.loan_type), servicePoint: invert(ids.service_point), location: invert(ids.location),
  };

  const policies = {} as Record<(typeof policySectionNames)[number], PolicyEntry[]>;
  const policyCodes = {} as Record<PolicyKind, Map<string, string>>;
  for (const section of policySectionNames) {
    const kind = policySections[section];
    const rows = await db.selectFrom(policyKinds[kind].table as 'loan_policy').selectAll().where('institution_id', '=', institutionId).orderBy('code').execute();
    ids.policies[kind] = byCode(rows);
    policyCodes[kind] = invert(ids.policies[kind]);
    policies[section] = rows.map((row) => ({
      code: row.code,
      name: row.name,
      description: row.description,
      settings: policyKinds[kind].settings.parse(JSON.parse(row.settings)) as Record<string, unknown>,
    }));
  }

  const ruleRows = await db.selectFrom('circulation_rule').selectAll().where('institution_id', '=', institutionId).execute();
  const matchable = ruleRows.map((row) => ({
    row, id: row.id, name: row.name, isFallback: Boolean(row.is_fallback), patronGroupId: row.patron_group_id, materialTypeId: row.material_type_id,
    loanTypeId: row.loan_type_id, locationId: row.location_id, libraryId: row.library_id, campusId: row.campus_id,
  }));
  const circulationRules: RuleEntry[] = matchable.sort(compareRules).map(({ row, isFallback }) => {
    ids.rules.set(row.name, { id: row.id, isFallback });
    return {
      name: row.name,
      fallback: isFallback,
      patronGroup: codeOf(codes.patronGroup, row.patron_group_id),
      materialType: codeOf(codes.materialType, row.material_type_id),
      loanType: codeOf(codes.loanType, row.loan_type_id),
      location: codeOf(codes.location, row.location_id),
      library: codeOf(codes.library, row.library_id),
      campus: codeOf(codes.campus, row.campus_id),
      loanPolicy: policyCodes['loan-policy'].get(row.loan_policy_id) as string,
      requestPolicy: policyCodes['request-policy'].get(row.request_policy_id) as string,
      overdueFinePolicy: policyCodes['overdue-fine-policy'].get(row.overdue_fine_policy_id) as string,
      lostItemPolicy: policyCodes['lost-item-policy'].get(row.lost_item_policy_id) as string,
      noticePolicy: policyCodes['notice-policy'].get(row.notice_policy_id) as string,
    };
  });

  const limitRows = await db.selectFrom('patron_group_limit').selectAll().where('institution_id', '=', institutionId).execute();
  const patronGroupLimits = limitRows
    .map((row) => {
      const patronGroup = codes.patronGroup.get(row.patron_group_id) as string;
      ids.limits.add(patronGroup);
      const perType = JSON.parse(row.max_loans_per_material_type) as Record<string, number>;
      return {
        patronGroup,
        maxLoans: row.max_loans,
        maxLoansPerMaterialType: Object.fromEntries(
          Object.entries(perType).map(([typeId, max]) => [codes.materialType.get(typeId) ?? typeId, max] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
        ),
        maxOverdueItems: row.max_overdue_items,
        maxOverdueRecalls: row.max_overdue_recalls,
        maxLostItems: row.max_lost_items,
        maxFeeBalanceCents: row.max_fee_balance_cents,
      };
    })
    .sort((a, b) => (a.patronGroup < b.patronGroup ? -1 : 1));

  const calendars: CalendarEntry[] = servicePoints.map((point) => ({
    servicePoint: point.code,
    hours: hoursEntriesOf(
      hours
        .filter((row) => row.service_point_id === point.id)
        .map((row) => ({ weekday: Number(row.weekday), opensAt: row.opens_at, closesAt: row.closes_at, validFrom: row.valid_from, validTo: row.valid_to })),
    ),
    exceptions: exceptions
      .filter((row) => row.service_point_id === point.id)
      .map((row) => ({ name: row.name, from: row.start_date, to: row.end_date, opens: row.opens_at, closes: row.closes_at })),
  }));

  return {
    ids,
    fallbackRuleName: circulationRules.find((rule) => rule.fallback)?.name ?? null,
    config: {
      version: 1,
      campuses: campuses.map((row) => ({ code: row.code, name: row.name })),
      libraries: libraries.map((row) => ({ code: row.code, name: row.name, campus: codes.campus.get(row.campus_id) as string })),
      patronGroups: patronGroups.map((row) => ({ code: row.code, name: row.name, description: row.description })),
      materialTypes: materialTypes.map((row) => ({ code: row.code, name: row.name, description: row.description })),
      loanTypes: loanTypes.map((row) => ({ code: row.code, name: row.name, description: row.description })),
      servicePoints: servicePoints.map((row) => ({
        code: row.code,
        name: row.name,
        library: codeOf(codes.library, row.library_id),
        discoveryName: row.discovery_name,
        pickupPoint: Boolean(row.is_pickup_point),
        holdShelfExpiryDays: Number(row.hold_shelf_expiry_days),
        timeZone: row.time_zone,
        active: Boolean(row.active),
        locationsServed: served
          .filter((link) => link.service_point_id === row.id)
          .map((link) => codes.location.get(link.location_id) as string)
          .sort(),
      })),
      locations: locations.map((row) => ({
        code: row.code,
        name: row.name,
        library: codes.library.get(row.library_id) as string,
        primaryServicePoint: codeOf(codes.servicePoint, row.primary_service_point_id),
        active: Boolean(row.active),
      })),
      calendars,
      ...policies,
      circulationRules,
      patronGroupLimits,
    },
  };
}

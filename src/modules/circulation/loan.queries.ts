import { sql, type Kysely } from 'kysely';
import type { Database, ItemStatus, LoanState } from '../../db/schema.ts';
import { cachedCalendarOfServicePoint, type ServicePointCalendar } from '../org/index.ts';
import { fixedDueDateScheduleSettingsSchema, type FixedDueDateScheduleSettings, type LoanPolicySettings } from '../policies/index.ts';

/** The SQL the circulation transactions share (the patron's part is in circulation-patron.queries.ts). Every query is scoped to one institution. */

export interface CirculationItem {
  id: string;
  barcode: string;
  status: ItemStatus;
  title: string;
  callNumber: string | null;
  materialTypeId: string;
  materialTypeName: string;
  loanTypeId: string;
  loanTypeName: string;
  replacementCostCents: number | null;
  location: { id: string; name: string; active: boolean; primaryServicePointId: string | null; libraryId: string; libraryName: string; campusId: string; campusName: string };
  openLoan: { id: string; patronId: string | null; state: LoanState; loanedAt: string; dueAt: string; lostItemPolicyId: string | null } | null;
}

/** An item with its effective location (temporary, else its holding's), library and campus, effective loan type and open loan. */
export function circulationItemQuery(db: Kysely<Database>, institutionId: string) {
  return db
    .selectFrom('item')
    .innerJoin('holding', 'holding.id', 'item.holding_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('location', (join) => join.on(sql<boolean>`location.id = coalesce(item.temporary_location_id, holding.location_id)`))
    .innerJoin('library', 'library.id', 'location.library_id')
    .innerJoin('campus', 'campus.id', 'library.campus_id')
    .innerJoin('material_type', 'material_type.id', 'item.material_type_id')
    .innerJoin('loan_type', (join) => join.on(sql<boolean>`loan_type.id = coalesce(item.temporary_loan_type_id, item.loan_type_id)`))
    .leftJoin('loan', (join) => join.onRef('loan.item_id', '=', 'item.id').on('loan.status', '=', 'open'))
    .where('item.institution_id', '=', institutionId)
    .select([
      'item.id', 'item.barcode', 'item.status', 'instance.title', 'holding.call_number', 'item.material_type_id', 'material_type.name as material_type_name',
      'item.replacement_cost_cents', 'location.id as location_id', 'location.name as location_name', 'location.active as location_active',
      'location.primary_service_point_id', 'library.id as library_id', 'library.name as library_name', 'library.campus_id', 'campus.name as campus_name', 'loan_type.id as loan_type_id', 'loan_type.name as loan_type_name',
      'loan.id as loan_id', 'loan.patron_id as loan_patron_id', 'loan.state as loan_state', 'loan.loaned_at as loan_loaned_at', 'loan.due_at as loan_due_at',
      'loan.lost_item_policy_id as loan_lost_item_policy_id',
    ]);
}

type CirculationItemRow = Awaited<ReturnType<ReturnType<typeof circulationItemQuery>['executeTakeFirstOrThrow']>>;

export function circulationItemOf(row: CirculationItemRow): CirculationItem {
  return {
    id: row.id,
    barcode: row.barcode,
    status: row.status,
    title: row.title,
    callNumber: row.call_number,
    materialTypeId: row.material_type_id,
    materialTypeName: row.material_type_name,
    loanTypeId: row.loan_type_id,
    loanTypeName: row.loan_type_name,
    replacementCostCents: row.replacement_cost_cents,
    location: {
      id: row.location_id,
      name: row.location_name,
      active: Boolean(row.location_active),
      primaryServicePointId: row.primary_service_point_id,
      libraryId: row.library_id,
      libraryName: row.library_name,
      campusId: row.campus_id,
      campusName: row.campus_name,
    },
    openLoan: row.loan_id
      ? {
          id: row.loan_id,
          patronId: row.loan_patron_id,
          state: row.loan_state as LoanState,
          loanedAt: row.loan_loaned_at as string,
          dueAt: row.loan_due_at as string,
          lostItemPolicyId: row.loan_lost_item_policy_id,
        }
      : null,
  };
}

/** An item (see circulationItemQuery) by barcode or id: one query. */
export async function findCirculationItem(db: Kysely<Database>, institutionId: string, by: { barcode: string } | { id: string }): Promise<CirculationItem | null> {
  const query = circulationItemQuery(db, institutionId);
  const row = await ('barcode' in by ? query.where('item.barcode', '=', by.barcode) : query.where('item.id', '=', by.id)).executeTakeFirst();
  return row ? circulationItemOf(row) : null;
}

/**
 * The item scanned and the desk scanning it, read together (the desk rides along with the item's
 * row). When no item has the barcode the desk is looked up on its own, so an unknown desk is still
 * told apart from an unknown item.
 */
export async function findItemAtDesk(db: Kysely<Database>, institutionId: string, servicePointId: string, itemBarcode: string): Promise<{ desk: Desk | null; item: CirculationItem | null }> {
  const row = await withDesk(circulationItemQuery(db, institutionId), servicePointId).where('item.barcode', '=', itemBarcode).executeTakeFirst();
  if (!row) return { desk: await findDesk(db, institutionId, servicePointId), item: null };
  return { desk: deskOf(row), item: circulationItemOf(row) };
}

/** Joins the desk (a service point of the item's institution, with the institution's zone) to an item query. */
export function withDesk(query: ReturnType<typeof circulationItemQuery>, servicePointId: string) {
  return query
    .innerJoin('institution', 'institution.id', 'item.institution_id')
    .leftJoin('service_point as desk', (join) => join.on('desk.id', '=', servicePointId).onRef('desk.institution_id', '=', 'item.institution_id'))
    .select(['desk.id as desk_id', 'desk.name as desk_name', 'desk.time_zone as desk_time_zone', 'institution.time_zone as institution_time_zone']);
}

export function deskOf(row: { desk_id: string | null; desk_name: string | null; desk_time_zone: string | null; institution_time_zone: string }): Desk | null {
  return row.desk_id && row.desk_name !== null ? { id: row.desk_id, name: row.desk_name, timeZone: row.desk_time_zone ?? row.institution_time_zone } : null;
}

export interface Desk {
  id: string;
  name: string;
  timeZone: string;
}

export async function findDesk(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<Desk | null> {
  const row = await db
    .selectFrom('service_point')
    .innerJoin('institution', 'institution.id', 'service_point.institution_id')
    .select(['service_point.id', 'service_point.name', 'service_point.time_zone', 'institution.time_zone as institution_time_zone'])
    .where('service_point.institution_id', '=', institutionId)
    .where('service_point.id', '=', servicePointId)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, timeZone: row.time_zone ?? row.institution_time_zone } : null;
}

/** The desk's calendar; its hours and exceptions come from the cache (org's calendar cache) when fresh. */
export async function calendarOfDesk(db: Kysely<Database>, institutionId: string, desk: Pick<Desk, 'id' | 'timeZone'>): Promise<ServicePointCalendar> {
  return cachedCalendarOfServicePoint(db, institutionId, desk.id, desk.timeZone);
}

/** The fixed due date schedules a loan policy names (none for rolling loans). */
export async function fixedSchedulesFor(db: Kysely<Database>, institutionId: string, policy: LoanPolicySettings): Promise<Record<string, FixedDueDateScheduleSettings>> {
  if (policy.loanPeriod?.kind !== 'fixed') return {};
  const row = await db
    .selectFrom('fixed_due_date_schedule')
    .select(['code', 'settings'])
    .where('institution_id', '=', institutionId)
    .where('code', '=', policy.loanPeriod.scheduleCode)
    .executeTakeFirst();
  return row ? { [row.code]: fixedDueDateScheduleSettingsSchema.parse(JSON.parse(row.settings)) } : {};
}


import type { ColumnType } from 'kysely';
import type { Flag, Instant, JsonText } from './schema-columns.ts';
import type { CirculationEventTable, CirculationRuleTable, JobRunTable, LoanTable, PatronGroupLimitTable, PolicyTable } from './schema-circulation.ts';
import type { BursarBatchTable, BursarRuleTable, CashDrawerCountTable, FeeActionTable, FeeSettingsTable, FeeTable, FeeTypeTable, PatronCreditActionTable, RoleFeeLimitTable, WaiverReasonTable } from './schema-fees.ts';
import type { NoticeDeliveryTable, NoticeTemplateTable } from './schema-notices.ts';
import type { SipAccountTable } from './schema-sip.ts';
import type { RequestSettingsTable, RequestTable } from './schema-requests.ts';
import type { ItemStatus } from '../modules/catalog/item-status.ts';

export type * from './schema-circulation.ts';
export type * from './schema-fees.ts';
export type * from './schema-notices.ts';
export type * from './schema-sip.ts';
export type * from './schema-requests.ts';
export type { ItemStatus } from '../modules/catalog/item-status.ts';

/**
 * The database as Kysely sees it. Instants are ISO-8601 UTC strings and dates 'YYYY-MM-DD' on both
 * databases; flags read back as boolean (PostgreSQL) or 0/1 (SQLite), so read them with Boolean().
 * JSON columns are text.
 */

export interface InstitutionTable {
  id: string;
  code: string;
  name: string;
  currency: string;
  time_zone: string;
  locale: ColumnType<string, string | undefined, string>;
  created_at: Instant;
  updated_at: Instant;
}

export interface CampusTable {
  id: string;
  institution_id: string;
  code: string;
  name: string;
}

export interface LibraryTable {
  id: string;
  institution_id: string;
  campus_id: string;
  code: string;
  name: string;
}

export interface ServicePointTable {
  id: string;
  institution_id: string;
  library_id: string | null;
  code: string;
  name: string;
  discovery_name: string | null;
  is_pickup_point: Flag;
  hold_shelf_expiry_days: ColumnType<number, number | undefined, number>;
  time_zone: string | null;
  active: Flag;
}

export interface LocationTable {
  id: string;
  institution_id: string;
  library_id: string;
  code: string;
  name: string;
  primary_service_point_id: string | null;
  active: Flag;
}

export interface ServicePointLocationTable {
  service_point_id: string;
  location_id: string;
}

export interface CalendarHoursTable {
  id: string;
  institution_id: string;
  service_point_id: string;
  weekday: number;
  opens_at: string;
  closes_at: string;
  valid_from: string | null;
  valid_to: string | null;
}

export interface CalendarExceptionTable {
  id: string;
  institution_id: string;
  service_point_id: string;
  name: string;
  kind: 'closed' | 'special-hours';
  start_date: string;
  end_date: string;
  opens_at: string | null;
  closes_at: string | null;
}

export interface ReferenceTypeTable {
  id: string;
  institution_id: string;
  code: string;
  name: string;
  description: string | null;
}

/** A patron group (0010 adds whether its patrons get internet privileges, the SIP2 PI field). */
export interface PatronGroupTable extends ReferenceTypeTable {
  internet_privileges: Flag;
}

export interface InstanceTable {
  id: string;
  institution_id: string;
  title: string;
  subtitle: string | null;
  statement_of_responsibility: string | null;
  contributors: JsonText;
  isbns: JsonText;
  issns: JsonText;
  oclc_numbers: JsonText;
  lccn: string | null;
  publisher: string | null;
  publication_place: string | null;
  publication_date: string | null;
  edition: string | null;
  physical_description: string | null;
  subjects: JsonText;
  format: ColumnType<string, string | undefined, string>;
  language: string | null;
  source: ColumnType<'manual' | 'marc' | 'demo', 'manual' | 'marc' | 'demo' | undefined, 'manual' | 'marc' | 'demo'>;
  source_record_id: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface HoldingTable {
  id: string;
  institution_id: string;
  instance_id: string;
  location_id: string;
  call_number: string | null;
  call_number_prefix: string | null;
  shelving_order: string | null;
  public_note: string | null;
  staff_note: string | null;
  created_at: Instant;
}

export interface ItemTable {
  id: string;
  institution_id: string;
  holding_id: string;
  instance_id: string;
  barcode: string;
  material_type_id: string;
  loan_type_id: string;
  status: ColumnType<ItemStatus, ItemStatus | undefined, ItemStatus>;
  status_changed_at: Instant;
  copy_number: string | null;
  volume: string | null;
  enumeration: string | null;
  chronology: string | null;
  price_cents: number | null;
  replacement_cost_cents: number | null;
  temporary_location_id: string | null;
  temporary_loan_type_id: string | null;
  public_note: string | null;
  staff_note: string | null;
  /** Migration 0016: the item properties a kiosk or sorter stored with SIP2 19 (CH), returned by 17. */
  sip_properties: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Instant;
  updated_at: Instant;
}

export interface PatronTable {
  id: string;
  institution_id: string;
  barcode: string;
  patron_group_id: string;
  external_id: string | null;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  preferred_first_name: string | null;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  birth_date: string | null;
  expires_on: string | null;
  status: ColumnType<'active' | 'inactive', 'active' | 'inactive' | undefined, 'active' | 'inactive'>;
  pin_hash: string | null;
  keep_loan_history: Flag;
  created_at: Instant;
  updated_at: Instant;
  /** Language of the patron's notices ('es'); null: the institution's default (0009). */
  preferred_language: ColumnType<string | null, string | null | undefined, string | null>;
  /** Folded 'lastname|firstname' for duplicate checks (0004); written by the patrons module. */
  name_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Folded ' every name word ' for search (0004). */
  search_text: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_returned_count: ColumnType<number, number | undefined, number>;
  lost_item_count: ColumnType<number, number | undefined, number>;
  /** Wrong PINs in a row and the lockout they caused (0010), shared by SIP2 and the portal. */
  pin_failed_attempts: ColumnType<number, number | undefined, number>;
  pin_locked_until: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PatronNoteTable {
  id: string;
  institution_id: string;
  patron_id: string;
  kind: 'staff' | 'pop-up';
  text: string;
  created_by: string | null;
  created_at: Instant;
}

export interface PatronBlockTable {
  id: string;
  institution_id: string;
  patron_id: string;
  reason: string;
  patron_message: string | null;
  blocks_borrowing: Flag;
  blocks_renewals: Flag;
  blocks_requests: Flag;
  expires_at: string | null;
  created_by: string | null;
  created_at: Instant;
  /** Who placed the block (0010): staff, or a kiosk over SIP2 (which SIP patron enable may lift). */
  placed_by: ColumnType<'staff' | 'sip', 'staff' | 'sip' | undefined, 'staff' | 'sip'>;
}

export interface StaffRoleTable {
  id: string;
  institution_id: string;
  code: string;
  name: string;
  built_in: Flag;
}

export interface StaffRolePermissionTable {
  role_id: string;
  permission: string;
}

export interface StaffAccountTable {
  id: string;
  institution_id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  role_id: string;
  active: Flag;
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  locked_until: string | null;
  last_sign_in_at: string | null;
  created_at: Instant;
}

export interface StaffSessionTable {
  id: string;
  staff_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  remote_address: string | null;
}

export interface StaffSignInFailureTable {
  username: string;
  remote_address: string;
  failures: number;
  first_failed_at: string;
  locked_until: string | null;
}

export interface PortalSessionTable {
  id: string;
  patron_id: string;
  institution_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export type ActorKind = 'staff' | 'patron' | 'system' | 'sip' | 'partner';

export interface AuditEventTable {
  id: string;
  institution_id: string;
  occurred_at: string;
  actor_kind: ActorKind;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  request_id: string | null;
}

/** Migration 0019: how long the audit log is kept; no row means the default, a null retention means for ever. */
export interface AuditSettingsTable {
  institution_id: string;
  retention_days: number | null;
  updated_at: Instant;
  updated_by: string | null;
}

export interface Database {
  institution: InstitutionTable;
  campus: CampusTable;
  library: LibraryTable;
  service_point: ServicePointTable;
  location: LocationTable;
  service_point_location: ServicePointLocationTable;
  calendar_hours: CalendarHoursTable;
  calendar_exception: CalendarExceptionTable;
  material_type: ReferenceTypeTable;
  loan_type: ReferenceTypeTable;
  patron_group: PatronGroupTable;
  instance: InstanceTable;
  holding: HoldingTable;
  item: ItemTable;
  patron: PatronTable;
  patron_note: PatronNoteTable;
  patron_block: PatronBlockTable;
  staff_role: StaffRoleTable;
  staff_role_permission: StaffRolePermissionTable;
  staff_account: StaffAccountTable;
  staff_session: StaffSessionTable;
  portal_session: PortalSessionTable;
  staff_sign_in_failure: StaffSignInFailureTable;
  audit_event: AuditEventTable;
  audit_settings: AuditSettingsTable;
  loan_policy: PolicyTable;
  request_policy: PolicyTable;
  overdue_fine_policy: PolicyTable;
  lost_item_policy: PolicyTable;
  notice_policy: PolicyTable;
  fixed_due_date_schedule: PolicyTable;
  circulation_rule: CirculationRuleTable;
  patron_group_limit: PatronGroupLimitTable;
  loan: LoanTable;
  circulation_event: CirculationEventTable;
  job_run: JobRunTable;
  fee_settings: FeeSettingsTable;
  role_fee_limit: RoleFeeLimitTable;
  fee_type: FeeTypeTable;
  waiver_reason: WaiverReasonTable;
  fee: FeeTable;
  fee_action: FeeActionTable;
  patron_credit_action: PatronCreditActionTable;
  bursar_rule: BursarRuleTable;
  bursar_batch: BursarBatchTable;
  cash_drawer_count: CashDrawerCountTable;
  request: RequestTable;
  request_settings: RequestSettingsTable;
  notice_template: NoticeTemplateTable;
  notice_delivery: NoticeDeliveryTable;
  sip_account: SipAccountTable;
}

import type { ColumnType, SqlBool } from 'kysely';

/**
 * The database as Kysely sees it. Instants are ISO-8601 UTC strings and dates 'YYYY-MM-DD' on both
 * databases; flags read back as boolean (PostgreSQL) or 0/1 (SQLite), so read them with Boolean().
 * JSON columns are text.
 */
type Instant = ColumnType<string, string | undefined, string>;
type Flag = ColumnType<SqlBool, boolean | undefined, boolean>;
type JsonText = ColumnType<string, string | undefined, string>;

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
  status: ColumnType<string, string | undefined, string>;
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
  /** Folded 'lastname|firstname' for duplicate checks (0004); written by the patrons module. */
  name_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Folded ' every name word ' for search (0004). */
  search_text: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_returned_count: ColumnType<number, number | undefined, number>;
  lost_item_count: ColumnType<number, number | undefined, number>;
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

/** Policies keep their rules as JSON settings, validated by the circulation module's zod schemas. */
export interface PolicyTable {
  id: string;
  institution_id: string;
  code: string;
  name: string;
  description: string | null;
  settings: JsonText;
  updated_at: Instant;
  updated_by: string | null;
}

export interface CirculationRuleTable {
  id: string;
  institution_id: string;
  name: string;
  patron_group_id: string | null;
  material_type_id: string | null;
  loan_type_id: string | null;
  campus_id: string | null;
  library_id: string | null;
  location_id: string | null;
  loan_policy_id: string;
  request_policy_id: string;
  overdue_fine_policy_id: string;
  lost_item_policy_id: string;
  notice_policy_id: string;
  is_fallback: Flag;
  updated_at: Instant;
  updated_by: string | null;
}

export interface PatronGroupLimitTable {
  id: string;
  institution_id: string;
  patron_group_id: string;
  max_loans: number | null;
  max_loans_per_material_type: JsonText;
  max_overdue_items: number | null;
  max_overdue_recalls: number | null;
  max_lost_items: number | null;
  max_fee_balance_cents: number | null;
  updated_at: Instant;
  updated_by: string | null;
}

export type LoanState = 'checked-out' | 'claimed-returned' | 'declared-lost' | 'aged-to-lost' | 'returned' | 'lost-and-paid' | 'found-by-library';

export interface LoanTable {
  id: string;
  institution_id: string;
  item_id: string;
  patron_id: string | null;
  patron_group_id: string;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  state: ColumnType<LoanState, LoanState | undefined, LoanState>;
  circulation_rule_id: string | null;
  loan_policy_id: string;
  overdue_fine_policy_id: string | null;
  lost_item_policy_id: string | null;
  checkout_service_point_id: string | null;
  checkin_service_point_id: string | null;
  loaned_at: string;
  due_at: string;
  original_due_at: string;
  renewal_count: ColumnType<number, number | undefined, number>;
  recalled_at: string | null;
  returned_at: string | null;
  checked_in_at: string | null;
  claimed_returned_at: string | null;
  declared_lost_at: string | null;
  aged_to_lost_at: string | null;
  updated_at: Instant;
}

export interface CirculationEventTable {
  id: string;
  institution_id: string;
  kind: string;
  loan_id: string | null;
  item_id: string | null;
  patron_id: string | null;
  occurred_at: string;
  payload: JsonText;
}

export interface JobRunTable {
  job_name: string;
  run_key: string;
  institution_id: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
}

export type FeeTypeKind = 'overdue-fine' | 'lost-item-replacement' | 'lost-item-processing' | 'damaged-item' | 'manual' | 'booking-late-fee';
export type FeeActionKind = 'payment' | 'waiver' | 'refund' | 'transfer' | 'cancellation' | 'adjustment';
export type PaymentMethod = 'cash' | 'card' | 'check' | 'online' | 'credit';
export type RefundTarget = 'patron' | 'credit' | 'balance';

export interface FeeSettingsTable {
  institution_id: string;
  allow_credit: Flag;
  updated_at: Instant;
  updated_by: string | null;
}

export interface RoleFeeLimitTable {
  role_id: string;
  institution_id: string;
  max_waive_cents: number;
  updated_at: Instant;
  updated_by: string | null;
}

export interface FeeTypeTable {
  id: string;
  institution_id: string;
  code: string;
  name: string;
  kind: FeeTypeKind;
  default_amount_cents: number | null;
  active: Flag;
  updated_at: Instant;
  updated_by: string | null;
}

export interface WaiverReasonTable {
  id: string;
  institution_id: string;
  code: string;
  name: string;
  active: Flag;
  updated_at: Instant;
  updated_by: string | null;
}

/** Append-only ledger: a fee's amount never changes; its balance is derived from fee_action rows. */
export interface FeeTable {
  id: string;
  institution_id: string;
  patron_id: string;
  loan_id: string | null;
  item_id: string | null;
  fee_type_id: string;
  owner_service_point_id: string | null;
  original_amount_cents: number;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  description: string | null;
  created_at: string;
  created_by: string | null;
}

export interface FeeActionTable {
  id: string;
  institution_id: string;
  fee_id: string;
  patron_id: string;
  sequence: number;
  kind: FeeActionKind;
  amount_cents: number;
  balance_after_cents: number;
  method: PaymentMethod | null;
  transaction_reference: string | null;
  waiver_reason_id: string | null;
  refund_to: RefundTarget | null;
  note: string | null;
  batch_id: string | null;
  service_point_id: string | null;
  staff_id: string | null;
  occurred_at: string;
}

export interface PatronCreditActionTable {
  id: string;
  institution_id: string;
  patron_id: string;
  amount_cents: number;
  reason: 'overpayment' | 'refund' | 'payment';
  fee_action_id: string | null;
  batch_id: string | null;
  staff_id: string | null;
  occurred_at: string;
}

/** Which patron groups go to the bursar, and after how many days (0006). */
export interface BursarRuleTable {
  patron_group_id: string;
  institution_id: string;
  min_age_days: number;
  enabled: Flag;
  updated_at: ColumnType<string, string | undefined, string>;
  updated_by: string | null;
}

/** One transfer to the student account system; its lines are the fee_action rows with its id. */
export interface BursarBatchTable {
  id: string;
  institution_id: string;
  status: 'exported' | 'reversed';
  cutoff_at: string;
  criteria: string;
  columns: string;
  file_name: string;
  fee_count: number;
  total_cents: number;
  created_at: string;
  created_by: string | null;
  reversed_at: string | null;
  reversed_by: string | null;
  reversal_reason: string | null;
}

export type RequestType = 'hold' | 'recall' | 'page';
export type RequestStatus =
  | 'open-not-yet-filled'
  | 'open-in-transit'
  | 'open-awaiting-pickup'
  | 'closed-filled'
  | 'closed-cancelled'
  | 'closed-unfilled'
  | 'closed-pickup-expired';

export interface RequestTable {
  id: string;
  institution_id: string;
  type: RequestType;
  level: 'item' | 'title';
  patron_id: string;
  item_id: string | null;
  instance_id: string;
  pickup_service_point_id: string;
  not_needed_after: string | null;
  status: RequestStatus;
  cancel_reason: string | null;
  queue_position: number;
  hold_shelf_expires_at: string | null;
  awaiting_pickup_at: string | null;
  filled_loan_id: string | null;
  created_at: Instant;
  created_by: string | null;
  updated_at: Instant;
}

export interface CashDrawerCountTable {
  id: string;
  institution_id: string;
  service_point_id: string;
  shift_start: string;
  shift_end: string;
  counted_cash_cents: number;
  expected_cash_cents: number;
  discrepancy_cents: number;
  note: string | null;
  counted_by: string | null;
  counted_at: string;
}

export interface NoticeTemplateTable {
  id: string;
  institution_id: string;
  code: string;
  kind: string;
  language: string;
  subject: string;
  body: string;
  updated_at: Instant;
}

export type NoticeDeliveryStatus = 'queued' | 'sent' | 'failed';

export interface NoticeDeliveryTable {
  id: string;
  institution_id: string;
  patron_id: string;
  loan_id: string | null;
  kind: string;
  /** Unique per institution: what makes a notice go out at most once. */
  event_key: string;
  /** Deliveries sent together in one email share it. */
  batch_id: string;
  status: NoticeDeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  created_at: string;
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
  patron_group: ReferenceTypeTable;
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
  audit_event: AuditEventTable;
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
  notice_template: NoticeTemplateTable;
  notice_delivery: NoticeDeliveryTable;
}

import type { Database } from '../../db/schema.ts';

/**
 * How each table of the schema travels in an export (docs/data-format.md). A Record over every
 * table of `Database`, so a new table does not compile until someone decides how it is exported.
 * Entries are in foreign-key order: a table comes after every table it points at, which is the
 * order the import inserts them (test/integration/maintenance-export.test.ts checks it).
 *
 * - key: the primary key, the order rows are written in (byte order, the same on both databases);
 * - flags: boolean columns (0/1 on SQLite, true/false on PostgreSQL; true/false in the export);
 * - json: JSON kept as text in the database, written as JSON values in the export;
 * - skip: not exported, with the reason.
 */
export interface TableFormat {
  key: readonly string[];
  flags?: readonly string[];
  json?: readonly string[];
}

export type TableTreatment = TableFormat | { skip: string };

const byId: TableFormat = { key: ['id'] };
const policy: TableFormat = { key: ['id'], json: ['settings'] };
const active: TableFormat = { key: ['id'], flags: ['active'] };

const treatments: Record<keyof Database, TableTreatment> = {
  institution: byId,
  campus: byId,
  library: byId,
  service_point: { key: ['id'], flags: ['is_pickup_point', 'active'] },
  location: active,
  service_point_location: { key: ['service_point_id', 'location_id'] },
  calendar_hours: byId,
  calendar_exception: byId,
  material_type: byId,
  loan_type: byId,
  patron_group: { key: ['id'], flags: ['internet_privileges'] },
  instance: { key: ['id'], json: ['contributors', 'isbns', 'issns', 'oclc_numbers', 'subjects'] },
  holding: byId,
  item: byId,
  patron: { key: ['id'], flags: ['keep_loan_history'] },
  patron_note: byId,
  patron_block: { key: ['id'], flags: ['blocks_borrowing', 'blocks_renewals', 'blocks_requests'] },
  staff_role: { key: ['id'], flags: ['built_in'] },
  staff_role_permission: { key: ['role_id', 'permission'] },
  staff_account: active,
  staff_session: { skip: 'sign-in sessions are short-lived secrets; staff sign in again after a move' },
  portal_session: { skip: 'patron portal sessions are short-lived secrets; patrons sign in again after a move' },
  staff_sign_in_failure: { skip: 'wrong-password counts last minutes; they start afresh after a move' },
  audit_event: { key: ['id'], json: ['before', 'after'] },
  audit_settings: { key: ['institution_id'] },
  loan_policy: policy,
  request_policy: policy,
  overdue_fine_policy: policy,
  lost_item_policy: policy,
  notice_policy: policy,
  fixed_due_date_schedule: policy,
  circulation_rule: { key: ['id'], flags: ['is_fallback'] },
  patron_group_limit: { key: ['id'], json: ['max_loans_per_material_type'] },
  loan: byId,
  circulation_event: { key: ['id'], json: ['payload'] },
  job_run: { key: ['job_name', 'run_key', 'institution_id'], json: ['outcome'] },
  fee_settings: { key: ['institution_id'], flags: ['allow_credit'] },
  role_fee_limit: { key: ['role_id'] },
  fee_type: active,
  waiver_reason: active,
  fee: byId,
  fee_action: byId,
  patron_credit_action: byId,
  bursar_rule: { key: ['patron_group_id'], flags: ['enabled'] },
  bursar_batch: { key: ['id'], json: ['criteria', 'columns'] },
  cash_drawer_count: byId,
  request: byId,
  request_settings: { key: ['institution_id'] },
  notice_template: byId,
  notice_delivery: byId,
  sip_account: { key: ['id'], flags: ['sees_patron_details', 'requires_patron_pin', 'patron_details_need_pin', 'check_in_not_on_loan_ok', 'enabled'], json: ['allowed_messages'] },
};

export interface ExportedTable extends TableFormat {
  name: keyof Database;
}

/** The exported tables in foreign-key order. */
export const exportedTables: readonly ExportedTable[] = Object.entries(treatments).flatMap(([name, treatment]) =>
  'skip' in treatment ? [] : [{ name: name as keyof Database, ...treatment }],
);

export const skippedTables: ReadonlyMap<string, string> = new Map(
  Object.entries(treatments).flatMap(([name, treatment]) => ('skip' in treatment ? [[name, treatment.skip] as const] : [])),
);

/** Tables the schema keeps for itself: the migration log, and the catalogue's search index (rebuilt after an import). */
export function isDerivedTable(name: string): boolean {
  return name === 'schema_migration' || name === 'schema_migration_lock' || name === 'instance_search' || name.startsWith('instance_search_');
}

export function exportedTableNamed(name: string): ExportedTable | undefined {
  return exportedTables.find((table) => table.name === name);
}

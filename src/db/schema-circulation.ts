import type { ColumnType } from 'kysely';
import type { Flag, Instant, JsonText } from './schema-columns.ts';

/** Circulation tables (migration 0004): policies, rules, group limits, loans, events, job runs. */
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
  /** Migration 0014: the due date naming this loan period's overdue fine fee after staff moved the due date; null: due_at. */
  fine_period_due_at: ColumnType<string | null, string | null | undefined, string | null>;
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

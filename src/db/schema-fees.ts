import type { ColumnType } from 'kysely';
import type { Flag, Instant } from './schema-columns.ts';

/** Fee ledger tables (migrations 0005 and 0006): fee types, fees, actions, credit, bursar, cash drawer. */
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

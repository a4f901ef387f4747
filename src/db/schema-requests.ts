import type { Instant } from './schema-columns.ts';
import type { RequestStatus } from '../modules/requests/request-status.ts';

/** Request tables (migration 0007): holds, recalls and pages. */
export type RequestType = 'hold' | 'recall' | 'page';
export type { RequestStatus } from '../modules/requests/request-status.ts';

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

export type HoldSlipFormat = 'initials-and-last-four' | 'full-name' | 'last-name-first-initial' | 'barcode-only-last-four';

/** Migration 0011: one row per institution once a supervisor changes the defaults. */
export interface RequestSettingsTable {
  institution_id: string;
  hold_slip_format: HoldSlipFormat;
  updated_at: Instant;
  updated_by: string | null;
}

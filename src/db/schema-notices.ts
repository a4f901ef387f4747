import type { ColumnType } from 'kysely';
import type { Instant } from './schema-columns.ts';

/** Notice tables (migration 0008): templates and the delivery log. */
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
  /** What the notice says about this event (JSON, 0009), so a retry can write the email after a run died. */
  facts: ColumnType<string | null, string | null | undefined, string | null>;
}

import type { ColumnType } from 'kysely';
import type { Flag, Instant, JsonText } from './schema-columns.ts';

/** SIP2 accounts (migration 0010). */
export interface SipAccountTable {
  id: string;
  institution_id: string;
  username: string;
  password_hash: string;
  service_point_id: string;
  /** JSON array of the request message identifiers the account may use. */
  allowed_messages: JsonText;
  sees_patron_details: Flag;
  charset: ColumnType<'utf-8' | 'latin1' | 'ascii', 'utf-8' | 'latin1' | 'ascii' | undefined, 'utf-8' | 'latin1' | 'ascii'>;
  requires_patron_pin: Flag;
  /** Migration 0016: send addresses, email, phone and birth date only with the patron's right PIN. */
  patron_details_need_pin: Flag;
  /** Migration 0016: answer ok 1 (not 0) to a check-in of an item that was not on loan. */
  check_in_not_on_loan_ok: Flag;
  /** Migration 0016: wrong passwords in a row, and the end of the lock they started. */
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Instant | null;
  enabled: Flag;
  created_at: Instant;
  updated_at: Instant;
}

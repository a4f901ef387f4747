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
  enabled: Flag;
  created_at: Instant;
  updated_at: Instant;
}

import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { newId } from '../platform/ids.ts';

/**
 * The database's own limit for the writes a check-out and a check-in make, without Carrel: one
 * transaction inserting a loan and changing the item's status (check-out), or closing the loan and
 * changing the status back (check-in). Same durability settings as Carrel's connections.
 */
export interface RawLoanWrites {
  checkOut(itemId: string, patronId: string): Promise<string>;
  checkIn(loanId: string, itemId: string): Promise<void>;
  close(): Promise<void>;
}

export interface RawLoanContext {
  institutionId: string;
  patronGroupId: string;
  loanPolicyId: string;
}

export function rawSqliteWrites(file: string, context: RawLoanContext): RawLoanWrites {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const insertLoan = sqlite.prepare(
    `insert into loan (id, institution_id, item_id, patron_id, patron_group_id, loan_policy_id, loaned_at, due_at, original_due_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const closeLoan = sqlite.prepare(`update loan set status = 'closed', state = 'returned', returned_at = ?, checked_in_at = ?, patron_id = null, updated_at = ? where id = ? and status = 'open'`);
  const changeStatus = sqlite.prepare('update item set status = ?, status_changed_at = ?, updated_at = ? where id = ? and status = ?');
  const lend = sqlite.transaction((loanId: string, itemId: string, patronId: string, now: string, due: string) => {
    insertLoan.run(loanId, context.institutionId, itemId, patronId, context.patronGroupId, context.loanPolicyId, now, due, due, now);
    changeStatus.run('checked-out', now, now, itemId, 'available');
  });
  const giveBack = sqlite.transaction((loanId: string, itemId: string, now: string) => {
    closeLoan.run(now, now, now, loanId);
    changeStatus.run('available', now, now, itemId, 'checked-out');
  });
  return {
    async checkOut(itemId, patronId) {
      const loanId = newId();
      const now = new Date();
      lend.immediate(loanId, itemId, patronId, now.toISOString(), new Date(now.getTime() + 21 * 86_400_000).toISOString());
      return loanId;
    },
    async checkIn(loanId, itemId) {
      giveBack.immediate(loanId, itemId, new Date().toISOString());
    },
    async close() {
      sqlite.close();
    },
  };
}

export function rawPostgresWrites(url: string, clients: number, context: RawLoanContext): RawLoanWrites {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const inTransaction = async (statements: [string, unknown[]][]) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const [text, values] of statements) await client.query(text, values);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    async checkOut(itemId, patronId) {
      const loanId = newId();
      const now = new Date();
      const due = new Date(now.getTime() + 21 * 86_400_000).toISOString();
      await inTransaction([
        [
          `insert into loan (id, institution_id, item_id, patron_id, patron_group_id, loan_policy_id, loaned_at, due_at, original_due_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $7)`,
          [loanId, context.institutionId, itemId, patronId, context.patronGroupId, context.loanPolicyId, now.toISOString(), due],
        ],
        ['update item set status = $1, status_changed_at = $2, updated_at = $2 where id = $3 and status = $4', ['checked-out', now.toISOString(), itemId, 'available']],
      ]);
      return loanId;
    },
    async checkIn(loanId, itemId) {
      const now = new Date().toISOString();
      await inTransaction([
        [`update loan set status = 'closed', state = 'returned', returned_at = $1, checked_in_at = $1, patron_id = null, updated_at = $1 where id = $2 and status = 'open'`, [now, loanId]],
        ['update item set status = $1, status_changed_at = $2, updated_at = $2 where id = $3 and status = $4', ['available', now, itemId, 'checked-out']],
      ]);
    },
    close: () => pool.end(),
  };
}

import type { Kysely } from 'kysely';
import { readOnlySnapshot } from '../../db/dialect-sql.ts';
import type { Database } from '../../db/schema.ts';
import * as find from './integrity-check.queries.ts';

/**
 * `carrel check`: the rules a library's data must keep, checked on a live database. Every check
 * runs inside one read-only snapshot, so a busy desk cannot make a check see half a transaction.
 * Each violation names the rule, says what is wrong in a librarian's words and lists the rows.
 */

export interface IntegrityViolation {
  check: string;
  message: string;
  rows: find.Row[];
}

export interface IntegrityReport {
  /** The names of the checks that ran, in order. */
  checks: string[];
  violations: IntegrityViolation[];
}

/** At most this many violations of one check are reported: enough to act on, bounded on a wrecked database. */
export const violationsShownPerCheck = 100;

/** An item's item-level queue, or an instance's title-level queue, and the place in it. */
const queueOf = (row: find.Row): string => `${String(row.level)} ${String(row.level === 'item' ? row.item_id : row.instance_id)} ${String(row.queue_position)}`;

type Check = (db: Kysely<Database>, limit: number) => Promise<IntegrityViolation[]>;

const groupedBy = (rows: find.Row[], keyOf: (row: find.Row) => string): find.Row[][] => {
  const groups = new Map<string, find.Row[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return [...groups.values()];
};

const checks: Record<string, Check> = {
  'one-open-loan-per-item': async (db, limit) =>
    groupedBy(await find.itemsWithSeveralOpenLoans(db, limit), (row) => String(row.item_id)).map((rows) => ({
      check: 'one-open-loan-per-item',
      message: `Item ${String(rows[0]!.barcode)} is on loan ${rows.length} times at once.`,
      rows,
    })),
  'open-loan-item-status': async (db, limit) =>
    (await find.openLoansWithWrongItemStatus(db, limit)).map((row) => ({
      check: 'open-loan-item-status',
      message: `Loan ${String(row.loan_id)} is open (${String(row.loan_state)}) but item ${String(row.barcode)} says '${String(row.item_status)}'.`,
      rows: [row],
    })),
  'checked-out-item-has-loan': async (db, limit) =>
    (await find.checkedOutItemsWithoutLoan(db, limit)).map((row) => ({
      check: 'checked-out-item-has-loan',
      message: `Item ${String(row.barcode)} is checked out but no open loan names it.`,
      rows: [row],
    })),
  'fee-balance': async (db, limit) =>
    (await find.feeActionsWithWrongBalance(db, limit)).map((row) => ({
      check: 'fee-balance',
      message: `Fee ${String(row.fee_id)}, action ${String(row.sequence)} (${String(row.kind)}) records a balance of ${String(row.balance_after_cents)} cents; its amount and actions make ${String(row.expected_balance_cents)}.`,
      rows: [row],
    })),
  'fee-status': async (db, limit) =>
    (await find.feesWithWrongStatus(db, limit)).map((row) => ({
      check: 'fee-status',
      message: `Fee ${String(row.fee_id)} is ${String(row.status)} with a balance of ${String(row.balance_cents)} cents.`,
      rows: [row],
    })),
  'request-queue-positions': async (db, limit) =>
    groupedBy(await find.requestsSharingQueuePosition(db, limit), queueOf).map((rows) => ({
      check: 'request-queue-positions',
      message: `${rows.length} open requests share place ${String(rows[0]!.queue_position)} in the ${String(rows[0]!.level)}-level queue of ${queueOf(rows[0]!).split(' ')[1]}.`,
      rows,
    })),
  'hold-shelf': async (db, limit) => [
    ...(await find.holdShelfItemsWithoutOneRequest(db, limit)).map((row) => ({
      check: 'hold-shelf',
      message: `Item ${String(row.barcode)} is awaiting pickup with ${String(row.waiting_requests)} requests waiting for it (should be exactly one).`,
      rows: [row],
    })),
    ...(await find.awaitingRequestsWithItemElsewhere(db, limit)).map((row) => ({
      check: 'hold-shelf',
      message: `Request ${String(row.request_id)} waits on the hold shelf, but its item ${String(row.barcode ?? '(none)')} is '${String(row.item_status ?? 'missing')}'.`,
      rows: [row],
    })),
  ],
  'same-institution': async (db, limit) => {
    const found: IntegrityViolation[] = [];
    for (const reference of find.institutionReferences) {
      const [table, column, target] = reference;
      for (const row of await find.rowsPointingAcrossInstitutions(db, reference, limit)) {
        found.push({ check: 'same-institution', message: `${table} ${String(row.id)} points at ${target} ${String(row[column])} of another institution.`, rows: [row] });
      }
    }
    return found;
  },
};

export const integrityCheckNames: readonly string[] = Object.keys(checks);

export async function checkDatabaseIntegrity(db: Kysely<Database>): Promise<IntegrityReport> {
  const violations = await readOnlySnapshot(db).execute(async (trx) => {
    const found: IntegrityViolation[] = [];
    for (const check of Object.values(checks)) found.push(...(await check(trx, violationsShownPerCheck)).slice(0, violationsShownPerCheck));
    return found;
  });
  return { checks: [...integrityCheckNames], violations };
}

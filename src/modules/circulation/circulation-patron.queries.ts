import type { Kysely } from 'kysely';
import { jsonArrayOfRows, jsonRows } from '../../db/dialect-sql.ts';
import type { Database } from '../../db/schema.ts';
import type { GroupLimits, OpenLoanFacts, PatronFacts } from './check-out.policy.ts';

/** The patron as the circulation transactions read them: group, limits, blocks, open loans. Every query is scoped to one institution. */

export interface CirculationPatron extends PatronFacts {
  barcode: string;
  patronGroupId: string;
  firstName: string;
  lastName: string;
  preferredFirstName: string | null;
  keepLoanHistory: boolean;
  institutionTimeZone: string;
  patronGroupName: string;
  /** the automated block limits of the patron's group; null when none were set */
  groupLimits: GroupLimits | null;
}

/** An instant read from JSON: PostgreSQL writes timestamptz with an offset, SQLite keeps the stored ISO text. */
function instantOf(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function patronWithZone(db: Kysely<Database>, institutionId: string) {
  return db
    .selectFrom('patron')
    .innerJoin('institution', 'institution.id', 'patron.institution_id')
    .innerJoin('patron_group', 'patron_group.id', 'patron.patron_group_id')
    .leftJoin('patron_group_limit', (join) => join.onRef('patron_group_limit.patron_group_id', '=', 'patron.patron_group_id').onRef('patron_group_limit.institution_id', '=', 'patron.institution_id'))
    .where('patron.institution_id', '=', institutionId)
    .select([
      'patron.id', 'patron.barcode', 'patron.status', 'patron.expires_on', 'patron.patron_group_id', 'patron.first_name', 'patron.last_name',
      'patron.preferred_first_name', 'patron.keep_loan_history', 'institution.time_zone', 'patron_group.name as patron_group_name',
      'patron_group_limit.patron_group_id as limit_group_id', 'patron_group_limit.max_loans', 'patron_group_limit.max_loans_per_material_type',
      'patron_group_limit.max_overdue_items', 'patron_group_limit.max_overdue_recalls', 'patron_group_limit.max_lost_items', 'patron_group_limit.max_fee_balance_cents',
    ])
    // the manual blocks come along in the same statement: one round trip per patron
    .select((eb) =>
      jsonArrayOfRows(
        db,
        eb
          .selectFrom('patron_block')
          .select(['patron_block.reason', 'patron_block.patron_message', 'patron_block.blocks_borrowing', 'patron_block.blocks_renewals', 'patron_block.expires_at'])
          .where('patron_block.institution_id', '=', institutionId)
          .whereRef('patron_block.patron_id', '=', 'patron.id'),
      ).as('blocks'),
    );
}

type PatronRow = Awaited<ReturnType<ReturnType<typeof patronWithZone>['executeTakeFirstOrThrow']>>;

function circulationPatronOf(row: PatronRow): CirculationPatron {
  return {
    id: row.id,
    barcode: row.barcode,
    status: row.status,
    expiresOn: row.expires_on,
    patronGroupId: row.patron_group_id,
    firstName: row.first_name,
    lastName: row.last_name,
    preferredFirstName: row.preferred_first_name,
    keepLoanHistory: Boolean(row.keep_loan_history),
    institutionTimeZone: row.time_zone,
    patronGroupName: row.patron_group_name,
    groupLimits: row.limit_group_id
      ? {
          maxLoans: row.max_loans,
          maxLoansPerMaterialType: JSON.parse(row.max_loans_per_material_type ?? '{}') as Record<string, number>,
          maxOverdueItems: row.max_overdue_items,
          maxOverdueRecalls: row.max_overdue_recalls,
          maxLostItems: row.max_lost_items,
          maxFeeBalanceCents: row.max_fee_balance_cents,
        }
      : null,
    blocks: jsonRows(row.blocks).map((block) => ({
      reason: block.reason,
      patronMessage: block.patron_message,
      blocksBorrowing: Boolean(block.blocks_borrowing),
      blocksRenewals: Boolean(block.blocks_renewals),
      expiresAt: instantOf(block.expires_at),
    })),
  };
}

/** A patron with their group's limits and their manual blocks (one query), or null. */
export async function findCirculationPatron(db: Kysely<Database>, institutionId: string, by: { barcode: string } | { id: string }): Promise<CirculationPatron | null> {
  const query = patronWithZone(db, institutionId);
  const row = await ('barcode' in by ? query.where('patron.barcode', '=', by.barcode) : query.where('patron.id', '=', by.id)).executeTakeFirst();
  return row ? circulationPatronOf(row) : null;
}

/** A borrower at check-out: the patron (as findCirculationPatron) and their open loans, in one query; or null. */
export async function findBorrower(db: Kysely<Database>, institutionId: string, barcode: string): Promise<{ patron: CirculationPatron; openLoans: OpenLoanFacts[] } | null> {
  const row = await patronWithZone(db, institutionId)
    .select((eb) =>
      jsonArrayOfRows(
        db,
        eb
          .selectFrom('loan')
          .innerJoin('item', 'item.id', 'loan.item_id')
          .select(['loan.id', 'loan.item_id', 'item.material_type_id', 'loan.loan_policy_id', 'loan.state', 'loan.due_at', 'loan.recalled_at'])
          .where('loan.institution_id', '=', institutionId)
          .whereRef('loan.patron_id', '=', 'patron.id')
          .where('loan.status', '=', 'open'),
      ).as('open_loans'),
    )
    .where('patron.barcode', '=', barcode)
    .executeTakeFirst();
  if (!row) return null;
  return {
    patron: circulationPatronOf(row),
    openLoans: jsonRows(row.open_loans).map((loan) => ({
      id: loan.id,
      itemId: loan.item_id,
      materialTypeId: loan.material_type_id,
      loanPolicyId: loan.loan_policy_id,
      state: loan.state,
      dueAt: instantOf(loan.due_at)!,
      recalledAt: instantOf(loan.recalled_at),
    })),
  };
}

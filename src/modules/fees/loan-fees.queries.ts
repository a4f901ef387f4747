import type { Kysely } from 'kysely';
import { jsonArrayOfRows, jsonRows } from '../../db/dialect-sql.ts';
import type { Database, FeeTypeKind } from '../../db/schema.ts';
import { lostItemPolicySettingsSchema, overdueFinePolicySettingsSchema, type LostItemPolicySettings, type OverdueFinePolicySettings } from '../policies/index.ts';

/** A fee charged on a loan, as the loan's fines and lost-item settlement look for it. */
export interface LoanFee {
  id: string;
  kind: FeeTypeKind;
  description: string | null;
  originalAmountCents: number;
}

/** What the fines and lost-item charges of one loan are worked out from: one query. */
export interface LoanFeeFacts {
  id: string;
  itemId: string;
  title: string;
  dueAt: string;
  /** The due date that names the loan period's overdue fine fee: the due date, unless staff have moved it since. */
  finePeriodDueAt: string;
  recalledAt: string | null;
  lostAt: string | null;
  checkoutServicePointId: string | null;
  /** The lending desk's time zone (its own, else the institution's); null when the loan has no lending desk. */
  lendingDeskTimeZone: string | null;
  replacementCostCents: number | null;
  finePolicy: OverdueFinePolicySettings | null;
  lostItemPolicy: LostItemPolicySettings | null;
  currency: string;
  timeZone: string;
  /** The fees charged on the loan so far, oldest first. */
  fees: LoanFee[];
}

export async function findLoanFeeFacts(trx: Kysely<Database>, institutionId: string, loanId: string): Promise<LoanFeeFacts> {
  const row = await trx
    .selectFrom('loan')
    .innerJoin('item', 'item.id', 'loan.item_id')
    .innerJoin('instance', 'instance.id', 'item.instance_id')
    .innerJoin('institution', 'institution.id', 'loan.institution_id')
    .leftJoin('service_point as lending_desk', 'lending_desk.id', 'loan.checkout_service_point_id')
    .leftJoin('overdue_fine_policy', 'overdue_fine_policy.id', 'loan.overdue_fine_policy_id')
    .leftJoin('lost_item_policy', 'lost_item_policy.id', 'loan.lost_item_policy_id')
    .select([
      'loan.id', 'loan.item_id', 'instance.title', 'loan.due_at', 'loan.fine_period_due_at', 'loan.recalled_at', 'loan.declared_lost_at', 'loan.aged_to_lost_at', 'loan.checkout_service_point_id',
      'lending_desk.time_zone as lending_desk_time_zone', 'item.replacement_cost_cents', 'overdue_fine_policy.settings as fine_settings', 'lost_item_policy.settings as lost_settings',
      'institution.currency', 'institution.time_zone',
    ])
    // the loan's fees come along in the same statement, so settling its fines needs no lookup of its own
    .select((eb) =>
      jsonArrayOfRows(
        trx,
        eb
          .selectFrom('fee')
          .innerJoin('fee_type', 'fee_type.id', 'fee.fee_type_id')
          .select(['fee.id', 'fee_type.kind', 'fee.description', 'fee.original_amount_cents', 'fee.created_at'])
          .where('fee.institution_id', '=', institutionId)
          .whereRef('fee.loan_id', '=', 'loan.id'),
      ).as('fees'),
    )
    .where('loan.institution_id', '=', institutionId)
    .where('loan.id', '=', loanId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    itemId: row.item_id,
    title: row.title,
    dueAt: row.due_at,
    finePeriodDueAt: row.fine_period_due_at ?? row.due_at,
    recalledAt: row.recalled_at,
    lostAt: row.declared_lost_at ?? row.aged_to_lost_at,
    checkoutServicePointId: row.checkout_service_point_id,
    lendingDeskTimeZone: row.checkout_service_point_id ? (row.lending_desk_time_zone ?? row.time_zone) : null,
    replacementCostCents: row.replacement_cost_cents === null ? null : Number(row.replacement_cost_cents),
    finePolicy: row.fine_settings ? overdueFinePolicySettingsSchema.parse(JSON.parse(row.fine_settings)) : null,
    lostItemPolicy: row.lost_settings ? lostItemPolicySettingsSchema.parse(JSON.parse(row.lost_settings)) : null,
    currency: row.currency,
    timeZone: row.time_zone,
    fees: jsonRows(row.fees)
      .map((fee) => ({ fee, createdAt: new Date(fee.created_at).getTime() }))
      // oldest first, as feeIdsOfLoan ordered them (JSON aggregation keeps no order of its own)
      .sort((a, b) => a.createdAt - b.createdAt || (a.fee.id < b.fee.id ? -1 : a.fee.id > b.fee.id ? 1 : 0))
      .map(({ fee }) => ({ id: fee.id, kind: fee.kind, description: fee.description, originalAmountCents: Number(fee.original_amount_cents) })),
  };
}

/** The loan's fees of one kind, oldest first; `description` narrows to one loan period's fine. */
export function feeIdsOfLoan(facts: LoanFeeFacts, kind: FeeTypeKind, description?: string): string[] {
  return facts.fees.filter((fee) => fee.kind === kind && (description === undefined || fee.description === description)).map((fee) => fee.id);
}

/** Open loans past their due date at `nowIso` that accrue a fine: checked out (not lost or claimed returned), under a fine policy, with a patron. */
export async function overdueLoansAccruingFines(db: Kysely<Database>, institutionId: string, nowIso: string) {
  return db
    .selectFrom('loan')
    .select(['id', 'patron_id', 'checkout_service_point_id'])
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'open')
    .where('state', '=', 'checked-out')
    .where('overdue_fine_policy_id', 'is not', null)
    .where('patron_id', 'is not', null)
    .where('due_at', '<', nowIso)
    .execute();
}

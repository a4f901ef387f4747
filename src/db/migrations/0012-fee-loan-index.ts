import type { Kysely } from 'kysely';

/**
 * The fees of one loan, in the order they were charged: read by every check-in, renewal and fine accrual. With only
 * fee(loan_id) and fee(institution_id, created_at) SQLite's planner took the second (it also serves the ORDER BY) and
 * scanned every fee of the institution per loan, so the nightly fine accrual grew with the square of the fees.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('fee_institution_loan').on('fee').columns(['institution_id', 'loan_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('fee_institution_loan').execute();
}

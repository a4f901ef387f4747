import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * A patron's outstanding balance over their open fees, summed in SQL with the ledger formula
 * (see fee.policy.ts). Circulation's fee-balance port reads it for the maximum-balance block;
 * this file imports nothing from circulation so that the port may import it without a cycle.
 */
export async function patronOpenFeeBalanceCents(trx: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  // the amounts charged and the movements since, as two subqueries of one statement
  const row = await trx
    .selectNoFrom((eb) => [
      eb
        .selectFrom('fee')
        .select((inner) => inner.fn.coalesce(inner.fn.sum<number>('fee.original_amount_cents'), inner.lit(0)).as('total'))
        .where('fee.institution_id', '=', institutionId)
        .where('fee.patron_id', '=', patronId)
        .where('fee.status', '=', 'open')
        .as('original'),
      eb
        .selectFrom('fee_action')
        .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
        .select((inner) =>
          inner.fn
            .coalesce(
              inner.fn.sum<number>(
                inner
                  .case()
                  .when('fee_action.kind', '=', 'adjustment')
                  .then(inner.ref('fee_action.amount_cents'))
                  .when(inner.and([inner('fee_action.kind', '=', 'refund'), inner('fee_action.refund_to', '=', 'balance')]))
                  .then(inner.ref('fee_action.amount_cents'))
                  .when('fee_action.kind', '=', 'refund')
                  .then(inner.lit(0))
                  .else(inner.neg(inner.ref('fee_action.amount_cents')))
                  .end(),
              ),
              inner.lit(0),
            )
            .as('total'),
        )
        .where('fee.institution_id', '=', institutionId)
        .where('fee.patron_id', '=', patronId)
        .where('fee.status', '=', 'open')
        .as('movements'),
    ])
    .executeTakeFirst();
  return Number(row?.original ?? 0) + Number(row?.movements ?? 0);
}

export async function countFeesOfLoan(db: Kysely<Database>, institutionId: string, loanId: string): Promise<number> {
  const row = await db.selectFrom('fee').select((eb) => eb.fn.countAll<number>().as('count')).where('institution_id', '=', institutionId).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
  return Number(row.count);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * A patron's outstanding balance over their open fees, summed in SQL with the ledger formula
 * (see fee.policy.ts). Circulation's fee-balance port reads it for the maximum-balance block;
 * this file imports nothing from circulation so that the port may import it without a cycle.
 */
export async function patronOpenFeeBalanceCents(trx: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  const original = await trx
    .selectFrom('fee')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('original_amount_cents'), eb.lit(0)).as('total'))
    .where('institution_id', '=', institutionId)
    .where('patron_id', '=', patronId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  const movements = await trx
    .selectFrom('fee_action')
    .innerJoin('fee', 'fee.id', 'fee_action.fee_id')
    .select((eb) =>
      eb.fn
        .coalesce(
          eb.fn.sum<number>(
            eb
              .case()
              .when('fee_action.kind', '=', 'adjustment')
              .then(eb.ref('fee_action.amount_cents'))
              .when(eb.and([eb('fee_action.kind', '=', 'refund'), eb('fee_action.refund_to', '=', 'balance')]))
              .then(eb.ref('fee_action.amount_cents'))
              .when('fee_action.kind', '=', 'refund')
              .then(eb.lit(0))
              .else(eb.neg(eb.ref('fee_action.amount_cents')))
              .end(),
          ),
          eb.lit(0),
        )
        .as('total'),
    )
    .where('fee.institution_id', '=', institutionId)
    .where('fee.patron_id', '=', patronId)
    .where('fee.status', '=', 'open')
    .executeTakeFirst();
  return Number(original?.total ?? 0) + Number(movements?.total ?? 0);
}

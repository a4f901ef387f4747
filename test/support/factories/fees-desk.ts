import type { Kysely } from 'kysely';
import type { Database, FeeTypeKind } from '../../../src/db/schema.ts';
import { chargeFeeWithin } from '../../../src/modules/fees/fee-ledger.service.ts';
import { systemActor } from './fee-ledger.ts';

/** A fee charged at a given instant (its age for the bursar and the ageing report), owned by a desk if given. */
export async function chargeFeeAt(
  db: Kysely<Database>,
  institutionId: string,
  patronId: string,
  at: string,
  amountCents: number,
  options: { ownerServicePointId?: string; kind?: FeeTypeKind; description?: string } = {},
): Promise<string> {
  const fee = await db.transaction().execute((trx) =>
    chargeFeeWithin(trx, new Date(at), systemActor(institutionId), {
      patronId,
      feeType: { kind: options.kind ?? 'overdue-fine' },
      amountCents,
      ownerServicePointId: options.ownerServicePointId ?? null,
      description: options.description ?? null,
    }),
  );
  return fee.id;
}

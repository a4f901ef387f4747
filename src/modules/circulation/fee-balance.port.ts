import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * What circulation asks of the fee ledger: a patron's outstanding balance, for the automated
 * "maximum fee balance" block. The fees module installs its reader with useFeeBalanceReader;
 * until it exists every patron owes nothing.
 */
export type PatronFeeBalanceReader = (trx: Kysely<Database>, institutionId: string, patronId: string) => Promise<number>;

let reader: PatronFeeBalanceReader = async () => 0;

export function patronFeeBalanceCents(trx: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  return reader(trx, institutionId, patronId);
}

export function useFeeBalanceReader(next: PatronFeeBalanceReader): void {
  reader = next;
}

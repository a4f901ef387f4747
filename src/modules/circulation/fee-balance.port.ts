import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { patronOpenFeeBalanceCents } from '../fees/fee-balance.queries.ts';

/**
 * What circulation asks of the fee ledger: a patron's outstanding balance, for the automated
 * "maximum fee balance" block. The reader is the fee ledger's own query, imported directly so
 * that it is in force wherever circulation runs (API, CLI, jobs) without any registration step;
 * fee-balance.queries.ts imports nothing from circulation, so there is no import cycle.
 * useFeeBalanceReader stays for tests that want to stand in a balance.
 */
export type PatronFeeBalanceReader = (trx: Kysely<Database>, institutionId: string, patronId: string) => Promise<number>;

let reader: PatronFeeBalanceReader = patronOpenFeeBalanceCents;

export function patronFeeBalanceCents(trx: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  return reader(trx, institutionId, patronId);
}

export function useFeeBalanceReader(next: PatronFeeBalanceReader): void {
  reader = next;
}

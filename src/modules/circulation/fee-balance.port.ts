import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { patronOwesCents } from '../fees/index.ts';

/**
 * What circulation asks of the fee ledger: a patron's outstanding balance, for the automated
 * "maximum fee balance" block. It is the fee ledger's own read, fixed at import (no reader to
 * swap), so that it is in force wherever circulation runs (API, CLI, jobs) and tests exercise it
 * with real fees; fees imports nothing from circulation, so there is no cycle.
 */
export function patronFeeBalanceCents(trx: Kysely<Database>, institutionId: string, patronId: string): Promise<number> {
  return patronOwesCents(trx, institutionId, patronId);
}

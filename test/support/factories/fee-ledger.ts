import type { Kysely } from 'kysely';
import type { Database, FeeTypeKind } from '../../../src/db/schema.ts';
import type { Actor } from '../../../src/modules/audit/audit.queries.ts';
import type { FeeStaff } from '../../../src/modules/fees/fee-ledger.service.ts';
import { chargeFeeWithin } from '../../../src/modules/fees/fee-ledger.service.ts';
import { createWaiverReason } from '../../../src/modules/fees/fee-types.service.ts';
import { builtInRoles } from '../../../src/modules/staff/permissions.ts';
import { systemClock } from '../../../src/platform/clock.ts';

let counter = 0;

export function systemActor(institutionId: string): Actor {
  return { kind: 'system', id: null, name: 'test', institutionId };
}

/** Someone at the desk with one of the built-in roles, for calling the ledger services directly. */
export function feeStaffWithRole(institutionId: string, roleCode: keyof typeof builtInRoles): FeeStaff {
  return { actor: { kind: 'staff', id: null, name: `test-${roleCode}`, institutionId }, permissions: new Set(builtInRoles[roleCode].permissions), roleCode };
}

/** A fee charged straight into the ledger (an overdue fine unless another kind is given). */
export async function chargeTestFee(
  db: Kysely<Database>,
  institutionId: string,
  patronId: string,
  overrides: { amountCents?: number; kind?: FeeTypeKind; at?: Date } = {},
) {
  return db.transaction().execute((trx) =>
    chargeFeeWithin(trx, overrides.at ?? systemClock.now(), systemActor(institutionId), {
      patronId,
      feeType: { kind: overrides.kind ?? 'overdue-fine' },
      amountCents: overrides.amountCents ?? 1000,
    }),
  );
}

export async function makeWaiverReason(db: Kysely<Database>, institutionId: string, name = 'Patron hardship') {
  counter += 1;
  return createWaiverReason(db, systemClock, systemActor(institutionId), { code: `reason-${counter}`, name });
}

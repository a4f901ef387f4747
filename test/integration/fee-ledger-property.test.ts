import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { patronFeeAccount } from '../../src/modules/fees/fee-account.service.ts';
import { patronOpenFeeBalanceCents } from '../../src/modules/fees/fee-balance.queries.ts';
import { adjustFee, cancelFee, payFee, refundFee, transferFee, waiveFee } from '../../src/modules/fees/fee-ledger.service.ts';
import { payFees } from '../../src/modules/fees/fee-payment.service.ts';
import { saveFeeSettings, saveRoleWaiveLimit } from '../../src/modules/fees/fee.queries.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { chargeTestFee, feeStaffWithRole, makeWaiverReason } from '../support/factories/fee-ledger.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { testServiceContext } from '../support/service-context.ts';

// The refusals a random desk session may meet; anything else (a crash, a constraint violation) fails the property.
const expectedRefusals = new Set([
  'FEE_OVERPAYMENT',
  'FEE_AMOUNT_EXCEEDS_BALANCE',
  'FEE_ALREADY_CLOSED',
  'WAIVE_LIMIT_EXCEEDED',
  'REFUND_EXCEEDS_PAID',
  'PATRON_CREDIT_INSUFFICIENT',
  'FORBIDDEN',
]);

const amount = fc.integer({ min: 1, max: 6000 });
const feeIndex = fc.nat({ max: 9 });
const command = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('charge' as const), amount }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('pay' as const), fee: feeIndex, amount, method: fc.constantFrom('cash' as const, 'card' as const, 'credit' as const) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('pay-many' as const), amount, pick: fc.array(feeIndex, { maxLength: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('waive' as const), fee: feeIndex, amount: fc.option(amount), role: fc.constantFrom('student-worker' as const, 'technician' as const, 'supervisor' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('refund' as const), fee: feeIndex, amount, to: fc.constantFrom('patron' as const, 'credit' as const, 'balance' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('transfer' as const), fee: feeIndex, amount: fc.option(amount) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), fee: feeIndex, amount: fc.option(amount) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('adjust' as const), fee: feeIndex, amount: fc.integer({ min: -3000, max: 3000 }).filter((n) => n !== 0) }), weight: 1 },
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

describeOnBothDatabases('the fee ledger under any sequence of charges and actions', (database) => {
  const clock = fixedClock('2026-09-01T15:00:00Z');
  let library: InstitutionFixture;
  let reasonId: string;

  beforeAll(async () => {
    library = await makeInstitution(database().db);
    reasonId = (await makeWaiverReason(database().db, library.institutionId)).id;
    const technician = await database().db.selectFrom('staff_role').select('id').where('institution_id', '=', library.institutionId).where('code', '=', 'technician').executeTakeFirstOrThrow();
    await saveRoleWaiveLimit(database().db, library.institutionId, technician.id, 1500, clock.now().toISOString(), null);
  });

  /** Run one command; the number of ledger action rows it should have written (0 when refused). */
  async function run(patronId: string, feeIds: string[], step: Command): Promise<number> {
    const { db } = database();
    const supervisor = feeStaffWithRole(library.institutionId, 'supervisor');
    const pick = (index: number) => feeIds[index % feeIds.length]!;
    clock.advance(60_000);
    if (step.kind === 'charge') {
      feeIds.push((await chargeTestFee(db, library.institutionId, patronId, { amountCents: step.amount, at: clock.now() })).id);
      return 0;
    }
    if (feeIds.length === 0) return 0;
    try {
      switch (step.kind) {
        case 'pay':
          await payFee(testServiceContext(db, clock), supervisor, pick(step.fee), { amountCents: step.amount, method: step.method });
          return 1;
        case 'pay-many': {
          const picked = step.pick.length > 0 ? step.pick.map(pick) : undefined;
          const result = await payFees(testServiceContext(db, clock), supervisor, patronId, { amountCents: step.amount, method: 'cash', feeIds: picked });
          return result.shares.length;
        }
        case 'waive':
          await waiveFee(testServiceContext(db, clock), feeStaffWithRole(library.institutionId, step.role), pick(step.fee), { amountCents: step.amount ?? undefined, waiverReasonId: reasonId });
          return 1;
        case 'refund':
          await refundFee(testServiceContext(db, clock), supervisor, pick(step.fee), { amountCents: step.amount, refundTo: step.to, note: 'property test' });
          return 1;
        case 'transfer':
          await transferFee(testServiceContext(db, clock), supervisor, pick(step.fee), { amountCents: step.amount ?? undefined });
          return 1;
        case 'cancel':
          await cancelFee(testServiceContext(db, clock), supervisor, pick(step.fee), { amountCents: step.amount ?? undefined, note: 'charged in error' });
          return 1;
        case 'adjust':
          await adjustFee(testServiceContext(db, clock), supervisor, pick(step.fee), { amountCents: step.amount, note: 'adjusted' });
          return 1;
      }
    } catch (error) {
      if (error instanceof DomainError && expectedRefusals.has(error.code)) return 0;
      throw error;
    }
  }

  async function actionRowsOf(patronId: string) {
    return database().db.selectFrom('fee_action').selectAll().where('patron_id', '=', patronId).orderBy('fee_id').orderBy('sequence').execute();
  }

  it('keeps every balance equal to the ledger formula, never negative, and changes nothing without an action row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), fc.boolean(), async (steps, allowCredit) => {
        const { db } = database();
        await saveFeeSettings(db, library.institutionId, { allowCredit }, clock.now().toISOString(), null);
        const patron = await makePatron(db, library.institutionId);
        const feeIds: string[] = [];
        let expectedRows = 0;
        for (const step of steps) {
          expectedRows += await run(patron.id, feeIds, step);
          expect((await actionRowsOf(patron.id)).length).toBe(expectedRows);
        }

        const rows = await actionRowsOf(patron.id);
        const fees = await db.selectFrom('fee').selectAll().where('patron_id', '=', patron.id).execute();
        const account = await patronFeeAccount(db, library.institutionId, patron.id);
        let owed = 0;
        for (const fee of fees) {
          const mine = rows.filter((row) => row.fee_id === fee.id);
          const sum = (kind: string, refundTo?: string) =>
            mine.filter((row) => row.kind === kind && (refundTo === undefined || row.refund_to === refundTo)).reduce((total, row) => total + Number(row.amount_cents), 0);
          const balance = Number(fee.original_amount_cents) + sum('adjustment') - sum('payment') - sum('waiver') - sum('transfer') - sum('cancellation') + sum('refund', 'balance');
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(sum('refund')).toBeLessThanOrEqual(sum('payment'));
          expect(account.fees.find((view) => view.id === fee.id)?.balanceCents).toBe(balance);
          expect(fee.status).toBe(balance > 0 ? 'open' : 'closed');
          expect(mine.map((row) => Number(row.sequence))).toEqual(mine.map((_row, index) => index + 1));
          expect(Number(mine.at(-1)?.balance_after_cents ?? fee.original_amount_cents)).toBe(balance);
          owed += balance;
        }
        expect(account.balanceCents).toBe(owed);
        expect(await patronOpenFeeBalanceCents(db, library.institutionId, patron.id)).toBe(owed);
        expect(account.creditCents).toBeGreaterThanOrEqual(0);
        if (!allowCredit) {
          const overpayments = await db.selectFrom('patron_credit_action').select('id').where('patron_id', '=', patron.id).where('reason', '=', 'overpayment').execute();
          expect(overpayments).toHaveLength(0);
        }
      }),
      { numRuns: 30 },
    );
  });
});

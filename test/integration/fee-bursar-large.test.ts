import { expect, it } from 'vitest';
import { bursarBatchWithLines, reverseBursarBatch, runBursarTransfer } from '../../src/modules/fees/bursar-transfer.service.ts';
import { payFee } from '../../src/modules/fees/fee-ledger.service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { insertRows } from '../../src/db/bulk-insert.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { chargeTestFee, feeStaffWithRole } from '../support/factories/fee-ledger.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { testServiceContext } from '../support/service-context.ts';

// More fees than one statement of the batch takes (5,000 ids per lookup, under 2,000 actions per insert).
const oldFees = 5_200;

describeOnBothDatabases('a bursar batch of thousands of fees', (database) => {
  const clock = fixedClock('2026-10-05T16:00:00Z');
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000);

  it('moves every old fee to the student account with its own transfer, closes each, and a reversal restores each', async () => {
    const db = database().db;
    const library = await makeInstitution(db);
    const who = feeStaffWithRole(library.institutionId, 'supervisor');
    const patrons: Array<{ id: string }> = [];
    for (let index = 0; index < 12; index++) patrons.push(await makePatron(db, library.institutionId, { lastName: `Reader ${index % 5}`, firstName: `P${index}` }));
    // A part-paid fee (its second action is the transfer) and a young one the batch must leave alone.
    const partPaid = await chargeTestFee(db, library.institutionId, patrons[0]!.id, { amountCents: 1_000, at: daysAgo(45) });
    await payFee(testServiceContext(db, clock), who, partPaid.id, { amountCents: 250, method: 'cash' });
    const young = await chargeTestFee(db, library.institutionId, patrons[1]!.id, { amountCents: 700, at: daysAgo(5) });
    const rows = Array.from({ length: oldFees }, (_, index) => ({
      id: newId(),
      institution_id: library.institutionId,
      patron_id: patrons[index % patrons.length]!.id,
      loan_id: null,
      item_id: null,
      fee_type_id: partPaid.feeType.id,
      owner_service_point_id: null,
      original_amount_cents: 100 + (index % 900),
      status: 'open',
      description: `Fine ${index}`,
      created_at: daysAgo(40 + (index % 20)).toISOString(),
      created_by: null,
    }));
    await db.transaction().execute((trx) => insertRows(trx, 'fee', rows));
    const owedBefore = new Map<string, number>([...rows.map((row): [string, number] => [row.id, row.original_amount_cents]), [partPaid.id, 750]]);

    const result = await runBursarTransfer(db, clock, who, { olderThanDays: 30 });
    const batch = result.batch!;
    expect(batch).toMatchObject({ feeCount: oldFees + 1, totalCents: [...owedBefore.values()].reduce((sum, cents) => sum + cents, 0) });
    expect(new Set(result.lines.map((line) => line.feeId))).toEqual(new Set(owedBefore.keys()));
    for (const line of result.lines) expect(line.amountCents).toBe(owedBefore.get(line.feeId));
    // The batch read back later is the same file.
    const stored = await bursarBatchWithLines(db, library.institutionId, batch.id);
    expect(stored.lines).toEqual(result.lines);
    expect(stored.csv).toBe(result.csv);

    const actions = await db.selectFrom('fee_action').selectAll().where('batch_id', '=', batch.id).execute();
    expect(actions).toHaveLength(oldFees + 1);
    const fees = new Map((await db.selectFrom('fee').select(['id', 'status']).where('institution_id', '=', library.institutionId).execute()).map((fee) => [fee.id, fee.status]));
    for (const action of actions) {
      expect(action).toMatchObject({ kind: 'transfer', amount_cents: owedBefore.get(action.fee_id), balance_after_cents: 0, sequence: action.fee_id === partPaid.id ? 2 : 1 });
      expect(fees.get(action.fee_id)).toBe('closed');
    }
    expect(fees.get(young.id)).toBe('open');
    const audited = await db.selectFrom('audit_event').select(['entity_id', 'after']).where('institution_id', '=', library.institutionId).where('action', '=', 'fee.transfer').execute();
    expect(audited).toHaveLength(oldFees + 1);
    const partPaidAudit = audited.find((event) => event.entity_id === partPaid.id)!;
    expect(JSON.parse(partPaidAudit.after!)).toMatchObject({ amountCents: 750, balanceCents: 0, status: 'closed', batchId: batch.id });

    const reversal = await reverseBursarBatch(db, clock, who, batch.id, 'File rejected');
    expect(reversal.restoredCents).toBe(batch.totalCents);
    const restored = await db.selectFrom('fee_action').selectAll().where('batch_id', '=', batch.id).where('kind', '=', 'adjustment').execute();
    expect(restored).toHaveLength(oldFees + 1);
    const reopened = new Map((await db.selectFrom('fee').select(['id', 'status']).where('institution_id', '=', library.institutionId).execute()).map((fee) => [fee.id, fee.status]));
    for (const action of restored) {
      expect(action).toMatchObject({ amount_cents: owedBefore.get(action.fee_id), balance_after_cents: owedBefore.get(action.fee_id), sequence: action.fee_id === partPaid.id ? 3 : 2 });
      expect(reopened.get(action.fee_id)).toBe('open');
    }
  }, 120_000);
});

import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkDatabaseIntegrity } from '../../src/modules/maintenance/integrity-check.service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeBusyLibrary, type BusyLibrary } from '../support/factories/maintenance.ts';
import { makePatron } from '../support/factories/patrons.ts';

describeOnBothDatabases('carrel check: the data-integrity rules', (database) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  const db = () => database().db;
  let library: BusyLibrary;

  beforeAll(async () => {
    library = await makeBusyLibrary(database(), clock);
  }, 60_000);
  afterAll(async () => library?.app.close());

  /** Breaks one rule, expects exactly that rule to be reported, then repairs it. */
  async function expectOnly(check: string, breakIt: () => Promise<void>, repair: () => Promise<void>) {
    await breakIt();
    try {
      const report = await checkDatabaseIntegrity(db());
      expect(report.violations.map((violation) => violation.check), JSON.stringify(report.violations)).toEqual([check]);
      return report.violations[0]!;
    } finally {
      await repair();
    }
  }

  it('finds nothing wrong with a library mid-day', async () => {
    const report = await checkDatabaseIntegrity(db());
    expect(report.violations).toEqual([]);
    expect(report.checks).toEqual([
      'one-open-loan-per-item', 'open-loan-item-status', 'checked-out-item-has-loan', 'fee-balance', 'fee-status', 'request-queue-positions', 'hold-shelf', 'same-institution',
    ]);
  });

  it('reports an item on loan twice, with both loans', async () => {
    // the database's own unique index forbids it; a damaged or hand-edited database may lack it
    await sql`drop index loan_one_open_per_item`.execute(db());
    const secondLoanId = newId();
    const violation = await expectOnly(
      'one-open-loan-per-item',
      async () => {
        const loan = await db().selectFrom('loan').selectAll().where('id', '=', library.loanId).executeTakeFirstOrThrow();
        await db().insertInto('loan').values({ ...loan, id: secondLoanId, renewal_count: 0 }).execute();
      },
      async () => void (await db().deleteFrom('loan').where('id', '=', secondLoanId).execute()),
    );
    expect(violation.message).toContain(`Item ${library.rivers.barcodes[0]} is on loan 2 times`);
    expect(violation.rows.map((row) => row.loan_id).sort()).toEqual([library.loanId, secondLoanId].sort());
  });

  it('reports an open loan whose item is back on the shelf', async () => {
    const itemId = library.rivers.itemIds[0]!;
    const violation = await expectOnly(
      'open-loan-item-status',
      async () => void (await db().updateTable('item').set({ status: 'available' }).where('id', '=', itemId).execute()),
      async () => void (await db().updateTable('item').set({ status: 'checked-out' }).where('id', '=', itemId).execute()),
    );
    expect(violation.message).toBe(`Loan ${library.loanId} is open (checked-out) but item ${library.rivers.barcodes[0]} says 'available'.`);
  });

  it('reports a checked-out item that no loan names', async () => {
    const itemId = library.rivers.itemIds[1]!;
    const violation = await expectOnly(
      'checked-out-item-has-loan',
      async () => void (await db().updateTable('item').set({ status: 'checked-out' }).where('id', '=', itemId).execute()),
      async () => void (await db().updateTable('item').set({ status: 'available' }).where('id', '=', itemId).execute()),
    );
    expect(violation.rows).toEqual([expect.objectContaining({ item_id: itemId, barcode: library.rivers.barcodes[1] })]);
  });

  it('reports a fee action whose balance does not follow from the amount and the actions', async () => {
    const violation = await expectOnly(
      'fee-balance',
      async () => void (await db().updateTable('fee_action').set({ balance_after_cents: 1100 }).where('id', '=', library.paymentActionId).execute()),
      async () => void (await db().updateTable('fee_action').set({ balance_after_cents: 1000 }).where('id', '=', library.paymentActionId).execute()),
    );
    expect(violation.rows[0]).toMatchObject({ fee_id: library.feeId, balance_after_cents: 1100, expected_balance_cents: 1000 });
  });

  it('reports a fee closed while money is still owed', async () => {
    const violation = await expectOnly(
      'fee-status',
      async () => void (await db().updateTable('fee').set({ status: 'closed' }).where('id', '=', library.feeId).execute()),
      async () => void (await db().updateTable('fee').set({ status: 'open' }).where('id', '=', library.feeId).execute()),
    );
    expect(violation.message).toBe(`Fee ${library.feeId} is closed with a balance of 1000 cents.`);
  });

  it('reports two open requests in the same place of a queue', async () => {
    const [, second] = library.queuedRequestIds;
    const violation = await expectOnly(
      'request-queue-positions',
      async () => void (await db().updateTable('request').set({ queue_position: 1 }).where('id', '=', second!).execute()),
      async () => void (await db().updateTable('request').set({ queue_position: 2 }).where('id', '=', second!).execute()),
    );
    expect(violation.rows.map((row) => row.request_id).sort()).toEqual([...library.queuedRequestIds].sort());
  });

  it('reports an item on the hold shelf that nobody waits for', async () => {
    const violation = await expectOnly(
      'hold-shelf',
      async () => void (await db().updateTable('request').set({ status: 'open-not-yet-filled' }).where('id', '=', library.awaitingRequestId).execute()),
      async () => void (await db().updateTable('request').set({ status: 'open-awaiting-pickup' }).where('id', '=', library.awaitingRequestId).execute()),
    );
    expect(violation.message).toContain(`Item ${library.volcanoes.barcodes[0]} is awaiting pickup with 0 requests`);
  });

  it("reports a loan that names another institution's patron", async () => {
    const other = await makeInstitution(db());
    const stranger = await makePatron(db(), other.institutionId);
    const violation = await expectOnly(
      'same-institution',
      async () => void (await db().updateTable('loan').set({ patron_id: stranger.id }).where('id', '=', library.loanId).execute()),
      async () => void (await db().updateTable('loan').set({ patron_id: library.reader.id }).where('id', '=', library.loanId).execute()),
    );
    expect(violation.message).toBe(`loan ${library.loanId} points at patron ${stranger.id} of another institution.`);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type CarrelDatabase } from '../../src/db/database.ts';
import { checkIn, checkOut, type CirculationActor } from '../../src/modules/circulation/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { testServiceContext } from '../support/service-context.ts';

describeOnBothDatabases('two desks checking out the same item at once', (database, dialect) => {
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let library: InstitutionFixture;
  // A second connection: another SQLite handle on the same file; on PostgreSQL the pool hands each transaction its own client.
  let second: CarrelDatabase;
  let deskA: CirculationActor;
  let deskB: CirculationActor;

  beforeAll(async () => {
    library = await makeInstitution(database().db);
    await makeCirculationSetup(database().db, library);
    await openEveryDay(database().db, library);
    if (dialect === 'sqlite') {
      second = openDatabase({ sqliteFile: database().location });
      // Both handles live on one thread: a long busy wait would stall the other; the service retries instead.
      await sql`pragma busy_timeout = 20`.execute(database().db);
      await sql`pragma busy_timeout = 20`.execute(second.db);
    } else {
      second = database();
    }
    const permissions = new Set(['circulation.check-out', 'circulation.check-in']);
    deskA = { actor: { kind: 'staff', id: null, name: 'desk-a', institutionId: library.institutionId }, permissions };
    deskB = { actor: { kind: 'staff', id: null, name: 'desk-b', institutionId: library.institutionId }, permissions };
  });
  afterAll(async () => {
    if (dialect === 'sqlite') await second.close();
  });

  it('lets exactly one succeed; the other is told the item is on loan, and leaves no trace', async () => {
    const ada = await makePatron(database().db, library.institutionId);
    const grace = await makePatron(database().db, library.institutionId);
    for (let round = 0; round < 10; round += 1) {
      const { barcodes, itemIds } = await makeInstance(database().db, library, { title: `Contested ${round}` });
      const request = { itemBarcode: barcodes[0]!, servicePointId: library.servicePointId };
      const outcomes = await Promise.allSettled([
        checkOut(testServiceContext(database().db, clock), deskA, { ...request, patronBarcode: ada.barcode }),
        checkOut(testServiceContext(second.db, clock), deskB, { ...request, patronBarcode: grace.barcode }),
      ]);
      const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const failed = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(succeeded, `round ${round}`).toHaveLength(1);
      expect(failed).toHaveLength(1);
      const error = failed[0]!.reason as DomainError;
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe('CHECK_OUT_REFUSED');
      const codes = (error.details as { refusals: { code: string }[] }).refusals.map((entry) => entry.code);
      expect(codes).toEqual(['ITEM_ON_LOAN']);

      const db = database().db;
      expect(await db.selectFrom('loan').select('id').where('item_id', '=', itemIds[0]!).execute()).toHaveLength(1);
      expect(await db.selectFrom('circulation_event').select('id').where('item_id', '=', itemIds[0]!).execute()).toHaveLength(1);
      const loan = await db.selectFrom('loan').select('id').where('item_id', '=', itemIds[0]!).executeTakeFirstOrThrow();
      expect(await db.selectFrom('audit_event').select('id').where('entity_id', '=', loan.id).execute()).toHaveLength(1);
      expect((await db.selectFrom('item').select('status').where('id', '=', itemIds[0]!).executeTakeFirstOrThrow()).status).toBe('checked-out');
    }
  });

  it('checks out and in quickly through the service layer', async () => {
    const reader = await makePatron(database().db, library.institutionId);
    const { barcodes } = await makeInstance(database().db, library, { title: 'Fast' }, Array.from({ length: 100 }, () => ({})));
    const timings: number[] = [];
    for (const barcode of barcodes) {
      const started = performance.now();
      await checkOut(testServiceContext(database().db, clock), deskA, { patronBarcode: reader.barcode, itemBarcode: barcode, servicePointId: library.servicePointId });
      timings.push(performance.now() - started);
      await checkIn(testServiceContext(database().db, clock), deskA.actor, { itemBarcode: barcode, servicePointId: library.servicePointId });
    }
    timings.sort((a, b) => a - b);
    const p50 = timings[Math.floor(timings.length * 0.5)]!;
    const p99 = timings[Math.floor(timings.length * 0.99)]!;
    console.log(`[${dialect}] check-out in the service layer: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    expect(p50).toBeLessThan(100);
  });
});

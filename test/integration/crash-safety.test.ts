import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/db/database.ts';
import { checkDatabaseIntegrity } from '../../src/modules/maintenance/integrity-check.service.ts';
import { killAllCarrelProcesses, killCarrelNode, signInOverHttp, startCarrelNode, type CarrelNodeProcess, type HttpStaffSession } from '../support/carrel-process.ts';
import { driveDesk, generator, noWorkYet, type AcknowledgedWork } from '../support/desk-traffic.ts';
import { createSharedTestDatabase, makeBusyLibrary, type BusyLibrary, type SharedTestDatabase } from '../support/factories/busy-library.ts';
import { chargeTestFee } from '../support/factories/fee-ledger.ts';

/**
 * A real `carrel serve` under desk traffic (check-outs, check-ins, card payments), killed with
 * SIGKILL at a random moment, three times per database. After each crash everything a desk was
 * told had happened must be there, and the data must keep every rule `carrel check` knows.
 */
const crashes = 3;

for (const dialect of ['sqlite', 'postgres'] as DialectName[]) {
  describe(`a server killed under load keeps every acknowledged transaction [${dialect}]`, () => {
    let shared: SharedTestDatabase;
    let shelf: BusyLibrary;

    beforeAll(async () => {
      shared = await createSharedTestDatabase(dialect);
      shelf = await makeBusyLibrary(shared.database, { desks: 2, items: 12, patrons: 8 });
      // something to pay: every patron owes $50 in two fees
      for (const patron of shelf.patrons) {
        await chargeTestFee(shared.database.db, shelf.library.institutionId, patron.id, { amountCents: 3000 });
        await chargeTestFee(shared.database.db, shelf.library.institutionId, patron.id, { amountCents: 2000, kind: 'lost-item-processing' });
      }
    }, 60_000);

    afterAll(async () => {
      await killAllCarrelProcesses();
      await shared?.dispose();
    });

    it(`loses nothing acknowledged across ${crashes} crashes`, { timeout: 240_000 }, async () => {
      const pick = generator(dialect === 'sqlite' ? 11 : 29);
      const work = noWorkYet();
      let sessions: HttpStaffSession[] | undefined;
      for (let crash = 1; crash <= crashes; crash += 1) {
        const node: CarrelNodeProcess = await startCarrelNode(shared.target, { roles: 'web' });
        try {
          // sessions live in the database, so the desks stay signed in across the restart
          sessions = sessions
            ? sessions.map((session) => session.on(node.baseUrl))
            : await Promise.all(shelf.desks.map((desk) => signInOverHttp(node.baseUrl, desk.username, desk.password)));
          let killed = false;
          const keepGoing = () => !killed;
          const killAfterMs = 1500 + pick(3500);
          const desks = sessions.map((session, index) => driveDesk(session, shelf, work, { seed: crash * 10 + index, keepGoing, payments: true }));
          await new Promise((resolve) => setTimeout(resolve, killAfterMs));
          killed = true;
          await killCarrelNode(node);
          await Promise.all(desks);
        } finally {
          await killCarrelNode(node);
        }
        await expectEverythingAcknowledged(shared, work, `after crash ${crash}`);
      }
      console.log(
        `${dialect}: ${crashes} crashes survived; acknowledged ${work.checkOuts.length} check-outs, ${work.checkIns.length} check-ins, ${work.payments.length} payment shares (${work.refusals} refusals, slowest answer ${work.slowest.ms} ms: ${work.slowest.what})`,
      );
      expect(work.failures).toEqual([]);
      expect(work.checkOuts.length).toBeGreaterThan(0);
      expect(work.payments.length).toBeGreaterThan(0);

      // and the crashed database serves again
      const restarted = await startCarrelNode(shared.target, { roles: 'web' });
      try {
        const health = await fetch(`${restarted.baseUrl}/healthz`);
        expect(health.status).toBe(200);
      } finally {
        await killCarrelNode(restarted);
      }
    });
  });
}

async function expectEverythingAcknowledged(shared: SharedTestDatabase, work: AcknowledgedWork, when: string): Promise<void> {
  const db = shared.database.db;
  const loans = await db.selectFrom('loan').select(['id', 'status']).execute();
  const loanStatus = new Map(loans.map((loan) => [loan.id, loan.status]));
  const missingCheckOuts = work.checkOuts.filter((loanId) => !loanStatus.has(loanId));
  const missingCheckIns = work.checkIns.filter((loanId) => loanStatus.get(loanId) !== 'closed');
  const actionIds = new Set((await db.selectFrom('fee_action').select('id').execute()).map((row) => row.id));
  const missingPayments = work.payments.filter((actionId) => !actionIds.has(actionId));
  expect({ when, missingCheckOuts, missingCheckIns, missingPayments }).toEqual({ when, missingCheckOuts: [], missingCheckIns: [], missingPayments: [] });
  const report = await checkDatabaseIntegrity(db);
  expect(report.violations).toEqual([]);
}

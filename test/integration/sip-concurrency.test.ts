import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSipAccount } from '../../src/modules/sip/sip-account.service.ts';
import { sipDateTime } from '../../src/modules/sip/sip-dates.ts';
import { startSipServer, type SipServer } from '../../src/modules/sip/sip-server.ts';
import type { SipLogger } from '../../src/modules/sip/sip-session.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeDesk, type DeskFixture } from '../support/factories/desk.ts';
import { systemActor } from '../support/factories/fee-ledger.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { connectSip, sipReplyFields } from '../support/sip-client.ts';
import { requestQueueForCirculation } from '../../src/modules/requests/index.ts';
import { loanNoticesForCirculation } from '../../src/modules/notices/index.ts';

const quietSipLogger: SipLogger = { info() {}, warn() {}, error() {}, debug() {}, child: () => quietSipLogger };
const kiosks = 20;
const roundsPerKiosk = 6;
const blankDate = ' '.repeat(18);

/** A small deterministic generator, so a failing run can be replayed. */
function generator(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

describeOnBothDatabases('twenty kiosks lending the same books at once', (database) => {
  let desk: DeskFixture;
  let server: SipServer;
  const db = () => database().db;

  beforeAll(async () => {
    desk = await makeDesk(database(), systemClock);
    await createSipAccount(db(), systemClock, systemActor(desk.library.institutionId), { institutionId: desk.library.institutionId, username: 'kiosk', password: 'kiosk', servicePointCode: 'CIRC' });
    server = await startSipServer({ db: db(), clock: systemClock, requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation, config: loadConfig({}), logger: quietSipLogger, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await desk.app.close();
  });

  it('never lends a book twice, and every answer the kiosks got matches what was stored', { timeout: 120_000 }, async () => {
    const pool = (await makeInstance(db(), desk.library, { title: 'Shared Shelf' }, Array.from({ length: 6 }, () => ({})))).barcodes;
    const patrons = [];
    for (let index = 0; index < kiosks; index += 1) patrons.push(await makePatron(db(), desk.library.institutionId));
    const ao = `AO${desk.library.code}|`;
    const told = { lent: [] as { patron: string; item: string }[], refused: 0, closedLoans: 0 };

    await Promise.all(
      patrons.map(async (reader, index) => {
        const pick = generator(index + 1);
        const kiosk = await connectSip(server.port, { replyTimeoutMs: 60_000 });
        try {
          expect(await kiosk.send('9300CNkiosk|COkiosk|CPCIRC|')).toBe('941');
          for (let round = 0; round < roundsPerKiosk; round += 1) {
            const now = sipDateTime(new Date(), 'America/Los_Angeles');
            const item = pool[pick(pool.length)]!;
            const lent = await kiosk.send(`11NN${now}${blankDate}${ao}AA${reader.barcode}|AB${item}|AC|`);
            expect(lent.slice(0, 2)).toBe('12');
            if (lent[2] === '1') told.lent.push({ patron: reader.barcode, item });
            else told.refused += 1;
            const back = pool[pick(pool.length)]!;
            const returned = await kiosk.send(`09N${now}${now}AP|${ao}AB${back}|AC|`);
            expect(returned.slice(0, 2)).toBe('10');
            // AA in a 10 names the borrower whose loan this check-in closed
            if (returned[2] === '1' && sipReplyFields(returned, 22).has('AA')) told.closedLoans += 1;
          }
        } finally {
          await kiosk.close();
        }
      }),
    );

    const itemIds = (await db().selectFrom('item').select('id').where('barcode', 'in', pool).execute()).map((row) => row.id);
    const loans = await db().selectFrom('loan').select(['id', 'item_id', 'status']).where('item_id', 'in', itemIds).execute();
    // every loan a kiosk was told about exists, and no refusal left a loan behind
    expect(loans).toHaveLength(told.lent.length);
    expect(told.lent.length).toBeGreaterThan(0);
    expect(told.refused).toBeGreaterThan(0);
    // a returned loan's events no longer name its patron (privacy), so the patron is read where it is still known
    const created = await db()
      .selectFrom('circulation_event')
      .innerJoin('item', 'item.id', 'circulation_event.item_id')
      .leftJoin('patron', 'patron.id', 'circulation_event.patron_id')
      .select(['item.barcode as item', 'patron.barcode as patron'])
      .where('circulation_event.kind', '=', 'loan-created')
      .where('circulation_event.item_id', 'in', itemIds)
      .execute();
    const byItem = (entries: { item: string }[]) => entries.map((entry) => entry.item).sort();
    expect(byItem(created)).toEqual(byItem(told.lent));
    const toldPairs = new Set(told.lent.map((entry) => `${entry.patron}/${entry.item}`));
    for (const entry of created.filter((event) => event.patron !== null)) expect(toldPairs.has(`${entry.patron}/${entry.item}`)).toBe(true);
    // closed exactly as often as the kiosks were told a loan was closed
    expect(loans.filter((loan) => loan.status === 'closed')).toHaveLength(told.closedLoans);
    // no item is on loan twice, and an item is checked out exactly when it has an open loan
    const open = loans.filter((loan) => loan.status === 'open');
    expect(new Set(open.map((loan) => loan.item_id)).size).toBe(open.length);
    const statuses = await db().selectFrom('item').select(['id', 'status']).where('id', 'in', itemIds).execute();
    for (const item of statuses) expect(item.status === 'checked-out').toBe(open.some((loan) => loan.item_id === item.id));
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSipAccount } from '../../src/modules/sip/sip-account.service.ts';
import { sipDateTime } from '../../src/modules/sip/sip-dates.ts';
import { startSipServer, type SipServer } from '../../src/modules/sip/sip-server.ts';
import type { SipLogger } from '../../src/modules/sip/sip-session.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkOutVia, makeDesk, type DeskFixture } from '../support/factories/desk.ts';
import { chargeTestFee, systemActor } from '../support/factories/fee-ledger.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { connectSip, sipReplyFields } from '../support/sip-client.ts';
import { requestQueueForCirculation } from '../../src/modules/requests/index.ts';
import { loanNoticesForCirculation } from '../../src/modules/notices/index.ts';

const quietSipLogger: SipLogger = { info() {}, warn() {}, error() {}, debug() {}, child: () => quietSipLogger };

const zone = 'America/Los_Angeles';
const blankDate = ' '.repeat(18);

describeOnBothDatabases('a self-check kiosk over a real SIP2 connection', (database) => {
  // Tuesday 3 November 2026, 10:30 in Los Angeles
  const clock = fixedClock('2026-11-03T18:30:00Z');
  let desk: DeskFixture;
  let server: SipServer;
  const db = () => database().db;
  const now = () => sipDateTime(clock.now(), zone);

  beforeAll(async () => {
    desk = await makeDesk(database(), clock);
    await createSipAccount(db(), clock, systemActor(desk.library.institutionId), { institutionId: desk.library.institutionId, username: 'kiosk', password: 'kiosk', servicePointCode: 'CIRC' });
    server = await startSipServer({ db: db(), clock, requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation, config: loadConfig({}), logger: quietSipLogger, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await desk.app.close();
  });

  it('logs in, lends one book and refuses another, renews, takes it back, takes a payment, ends; the desk sees it all', async () => {
    const reader = await makePatron(db(), desk.library.institutionId, { firstName: 'Octavia', lastName: 'Butler', pin: '2468' });
    const someoneElse = await makePatron(db(), desk.library.institutionId);
    const fee = await chargeTestFee(db(), desk.library.institutionId, reader.id, { amountCents: 350 });
    const wildSeed = await makeInstance(db(), desk.library, { title: 'Wild Seed' }, [{}]);
    const free = wildSeed.barcodes[0]!;
    const taken = (await makeInstance(db(), desk.library, { title: 'Dawn' }, [{}])).barcodes[0]!;
    expect((await checkOutVia(desk.technician, { patronBarcode: someoneElse.barcode, itemBarcode: taken, servicePointId: desk.library.servicePointId })).statusCode).toBe(201);
    const ao = `AO${desk.library.code}|`;
    const who = `AA${reader.barcode}|AC|AD2468|`;

    const kiosk = await connectSip(server.port, { errorDetection: true });
    try {
      expect(await kiosk.send('9300CNkiosk|COkiosk|CPCIRC|')).toMatch(/^941AY0AZ[0-9A-F]{4}$/);

      const information = await kiosk.send(`63001${now()}          ${ao}${who}`);
      expect(information.slice(0, 2)).toBe('64');
      expect(sipReplyFields(information, 59).get('BL')).toEqual(['Y']);

      const lent = await kiosk.send(`11YN${now()}${blankDate}${ao}${who}AB${free}|`);
      const lentFields = sipReplyFields(lent, 22);
      expect(lent.slice(0, 3)).toBe('121');
      expect(lentFields.get('AJ')).toEqual(['Wild Seed']);
      const refused = await kiosk.send(`11YN${now()}${blankDate}${ao}${who}AB${taken}|`);
      expect(refused.slice(0, 3)).toBe('120');
      expect(sipReplyFields(refused, 22).get('AF')?.[0]).toMatch(/on loan to someone else/);

      const renewedAll = await kiosk.send(`65${now()}${ao}${who}`);
      expect(renewedAll.slice(0, 11)).toBe('66100010000');
      expect(sipReplyFields(renewedAll, 27).get('BM')).toEqual([free]);

      const returned = await kiosk.send(`09N${now()}${now()}AP|${ao}AB${free}|AC|`);
      expect(returned.slice(0, 3)).toBe('101');

      const paid = await kiosk.send(`37${now()}0100USDBV3.50|${ao}${who}BKCASH-0001|`);
      expect(paid.slice(0, 3)).toBe('38Y');

      const ended = await kiosk.send(`35${now()}${ao}${who}`);
      expect(ended.slice(0, 3)).toBe('36Y');
    } finally {
      await kiosk.close();
    }

    // the returned loan no longer names the patron (they keep no history); it is found by its item
    const loans = (await desk.technician.request({ method: 'GET', url: `/api/v1/circulation/loans?itemId=${wildSeed.itemIds[0]}` })).json();
    expect(loans.items).toHaveLength(1);
    expect(loans.items[0]).toMatchObject({ status: 'closed', renewalCount: 1, item: { status: 'available' } });
    const open = (await desk.technician.request({ method: 'GET', url: `/api/v1/circulation/loans?patronId=${reader.id}&status=open` })).json();
    expect(open.items).toHaveLength(0);
    const stillOut = (await desk.technician.request({ method: 'GET', url: `/api/v1/circulation/loans?patronId=${someoneElse.id}&status=open` })).json();
    expect(stillOut.items).toHaveLength(1);
    const fees = (await desk.technician.request({ method: 'GET', url: `/api/v1/patrons/${reader.id}/fees` })).json();
    expect(fees.balanceCents).toBe(0);
    const payment = await db().selectFrom('fee_action').select(['transaction_reference', 'method']).where('fee_id', '=', fee.id).executeTakeFirstOrThrow();
    expect(payment).toEqual({ transaction_reference: 'CASH-0001', method: 'cash' });
    const actions = await db().selectFrom('audit_event').select(['action']).where('actor_kind', '=', 'sip').where('actor_name', '=', 'kiosk').orderBy('occurred_at').execute();
    expect(actions.map((row) => row.action)).toEqual(expect.arrayContaining(['loan.check-out', 'loan.renew', 'item.check-in', 'fee.payment-across-fees']));
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedLength, responseFixedWidths } from '../../src/modules/sip/sip-message-formats.ts';
import type { SipServer } from '../../src/modules/sip/sip-server.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup, makeLimits, type CirculationSetup } from '../support/factories/circulation.ts';
import { chargeTestFee } from '../support/factories/fee-ledger.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeOpenLoan } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeSipAccount, startTestSipServer } from '../support/factories/sip.ts';
import { connectSip, sipReplyFields, type SipClient } from '../support/sip-client.ts';

const when = '20260601    120000';
const summaryFor = (position: number) => ' '.repeat(position) + 'Y' + ' '.repeat(9 - position);
const noSummary = ' '.repeat(10);

function parts(reply: string) {
  const format = responseFixedWidths[reply.slice(0, 2)]!;
  const fixed = reply.slice(2, 2 + fixedLength(format));
  return { fixed, fields: sipReplyFields(reply, fixedLength(format)) };
}

describeOnBothDatabases('SIP2 patron messages: 23, 63, 01, 25, 35', (database) => {
  const clock = fixedClock('2026-06-01T19:00:00Z');
  let library: InstitutionFixture;
  let setup: CirculationSetup;
  let server: SipServer;
  let kiosk: SipClient;
  let printer: SipClient;
  let pinKiosk: SipClient;
  let reader: Awaited<ReturnType<typeof makePatron>>;
  let borrower: Awaited<ReturnType<typeof makePatron>>;
  let barcodes: string[];
  const clients: SipClient[] = [];

  async function logIn(account: { username: string; password: string }) {
    const client = await connectSip(server.port);
    clients.push(client);
    expect(await client.send(`9300CN${account.username}|CO${account.password}|`)).toBe('941');
    return client;
  }

  beforeAll(async () => {
    const { db } = database();
    library = await makeInstitution(db);
    setup = await makeCirculationSetup(db, library);
    await db.updateTable('patron_group').set({ internet_privileges: false }).where('id', '=', library.patronGroups.community!).execute();
    reader = await makePatron(db, library.institutionId, {
      firstName: 'Zoë', lastName: 'Lefèvre', pin: '2468', email: 'zoe@example.edu', phone: '503-555-0108', birthDate: '2005-12-01', expiresOn: '2027-05-31',
      address: { line1: '390 Hillcrest Dr', city: 'Silverton', region: 'OR', postalCode: '97381' },
    } as never);
    borrower = await makePatron(db, library.institutionId, { firstName: 'James', lastName: 'Okafor', pin: '1357', group: 'community' });
    const instance = await makeInstance(db, library, { title: 'Beloved' }, [{}, {}, {}, {}, {}]);
    barcodes = instance.barcodes;
    // Three loans: one overdue, one recalled, one current; one hold waiting on the shelf, one not yet filled; two fees.
    await makeOpenLoan(db, library, setup, { itemId: instance.itemIds[0]!, patronId: borrower.id, loanedAt: '2026-05-01T18:00:00Z', dueAt: '2026-05-20T06:59:59Z' });
    await makeOpenLoan(db, library, setup, { itemId: instance.itemIds[1]!, patronId: borrower.id, loanedAt: '2026-05-25T18:00:00Z', dueAt: '2026-06-10T06:59:59Z', recalledAt: '2026-05-30T18:00:00Z' });
    await makeOpenLoan(db, library, setup, { itemId: instance.itemIds[2]!, patronId: borrower.id, loanedAt: '2026-05-28T18:00:00Z', dueAt: '2026-06-18T06:59:59Z' });
    const request = (itemIndex: number, status: 'open-awaiting-pickup' | 'open-not-yet-filled', created: string) => ({
      id: newId(), institution_id: library.institutionId, type: 'hold' as const, level: 'item' as const, patron_id: borrower.id, item_id: instance.itemIds[itemIndex]!,
      instance_id: instance.instanceId, pickup_service_point_id: library.servicePointId, not_needed_after: null, status, cancel_reason: null, queue_position: 1,
      hold_shelf_expires_at: status === 'open-awaiting-pickup' ? '2026-06-08T06:59:59Z' : null, awaiting_pickup_at: status === 'open-awaiting-pickup' ? created : null, filled_loan_id: null, created_at: created, created_by: 'test', updated_at: created,
    });
    await db.insertInto('request').values([request(3, 'open-awaiting-pickup', '2026-05-29T18:00:00Z'), request(4, 'open-not-yet-filled', '2026-05-30T18:00:00Z')]).execute();
    await chargeTestFee(db, library.institutionId, borrower.id, { amountCents: 250 });
    await chargeTestFee(db, library.institutionId, borrower.id, { amountCents: 1000, kind: 'lost-item-replacement' });
    const kioskAccount = await makeSipAccount(db, library);
    const printerAccount = await makeSipAccount(db, library, { messages: ['23', '63', '37'], seesPatronDetails: false });
    const pinAccount = await makeSipAccount(db, library, { requiresPatronPin: true });
    server = await startTestSipServer(db, { clock });
    kiosk = await logIn(kioskAccount);
    printer = await logIn(printerAccount);
    pinKiosk = await logIn(pinAccount);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.close();
  });

  it('24 for an unknown patron: every privilege denied and BL N', async () => {
    const reply = await kiosk.send(`23001${when}AO${library.code}|AA99999999|AC|`);
    expect(reply).toMatch(/^24YYYY {10}001\d{8} {4}\d{6}/);
    const { fields } = parts(reply);
    expect(fields.get('BL')).toEqual(['N']);
    expect(fields.get('AE')).toEqual(['']);
    expect(fields.get('AF')).toEqual(['Your card or PIN was not accepted. Please ask at the desk.']);
    expect(fields.has('CQ')).toBe(false);
  });

  it('24 for a patron in good standing, field by field', async () => {
    const reply = await kiosk.send(`23001${when}AO${library.code}|AA${reader.barcode}|AC|AD2468|`);
    const { fixed, fields } = parts(reply);
    expect(fixed).toBe(`${' '.repeat(14)}00120260601    120000`);
    expect(fields.get('AO')).toEqual([library.code]);
    expect(fields.get('AA')).toEqual([reader.barcode]);
    expect(fields.get('AE')).toEqual(['Zoë Lefèvre']);
    expect(fields.get('BL')).toEqual(['Y']);
    expect(fields.get('CQ')).toEqual(['Y']);
    expect(fields.get('BH')).toEqual(['USD']);
    expect(fields.get('BV')).toEqual(['0.00']);
    expect(fields.has('AF')).toBe(false);
  });

  it('a wrong PIN reads like an unknown patron except for BL', async () => {
    const wrong = parts(await kiosk.send(`23001${when}AO${library.code}|AA${reader.barcode}|AC|AD0000|`));
    const unknown = parts(await kiosk.send(`23001${when}AO${library.code}|AA88888888|AC|AD0000|`));
    expect(wrong.fixed).toBe(unknown.fixed);
    expect(wrong.fields.get('CQ')).toEqual(['N']);
    expect(unknown.fields.get('CQ')).toEqual(['N']);
    expect(wrong.fields.get('AF')).toEqual(unknown.fields.get('AF'));
    expect(wrong.fields.get('AE')).toEqual(['']);
    expect(wrong.fields.get('BL')).toEqual(['Y']);
    expect(unknown.fields.get('BL')).toEqual(['N']);
    // A right PIN resets the count of wrong ones.
    expect(parts(await kiosk.send(`23001${when}AO${library.code}|AA${reader.barcode}|AC|AD2468|`)).fields.get('CQ')).toEqual(['Y']);
  });

  it('locks the PIN for 15 minutes after 5 wrong ones, then accepts it again', async () => {
    const { db } = database();
    const locked = await makePatron(db, library.institutionId, { pin: '9753' });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(parts(await kiosk.send(`23001${when}AO${library.code}|AA${locked.barcode}|AD1111|`)).fields.get('CQ')).toEqual(['N']);
    }
    const fifth = parts(await kiosk.send(`23001${when}AO${library.code}|AA${locked.barcode}|AD1111|`));
    expect(fifth.fields.get('AF')).toEqual(['Too many wrong PINs. Please try again later or ask at the desk.']);
    const rightButLocked = parts(await kiosk.send(`23001${when}AO${library.code}|AA${locked.barcode}|AD9753|`));
    expect(rightButLocked.fields.get('CQ')).toEqual(['N']);
    expect(rightButLocked.fields.get('AE')).toEqual(['']);
    clock.advance(16 * 60_000);
    try {
      expect(parts(await kiosk.send(`23001${when}AO${library.code}|AA${locked.barcode}|AD9753|`)).fields.get('CQ')).toEqual(['Y']);
    } finally {
      clock.set('2026-06-01T19:00:00Z');
    }
  });

  it('an account that requires the PIN tells nothing without it', async () => {
    const { fields } = parts(await pinKiosk.send(`23001${when}AO${library.code}|AA${reader.barcode}|AC|`));
    expect(fields.get('AE')).toEqual(['']);
    expect(fields.get('AF')).toEqual(['Please enter your PIN.']);
    const withPin = parts(await pinKiosk.send(`23001${when}AO${library.code}|AA${reader.barcode}|AC|AD2468|`));
    expect(withPin.fields.get('AE')).toEqual(['Zoë Lefèvre']);
  });

  it('64 counts holds, overdue, charged, fines, recalls and unavailable holds, with limits and the fee total', async () => {
    const { db } = database();
    await makeLimits(db, library, { maxLoans: 10, maxOverdueItems: 5, maxFeeBalanceCents: 5000 });
    const reply = await kiosk.send(`63001${when}${noSummary}AO${library.code}|AA${borrower.barcode}|AD1357|`);
    const { fixed, fields } = parts(reply);
    expect(fixed.length).toBe(14 + 3 + 18 + 6 * 4);
    expect(fixed.slice(0, 14)).toBe(' '.repeat(14));
    expect(fixed.slice(35)).toBe('000100010003000200010001');
    expect(fields.get('AE')).toEqual(['James Okafor']);
    expect(fields.get('BV')).toEqual(['12.50']);
    expect(fields.get('BH')).toEqual(['USD']);
    expect(fields.get('CB')).toEqual(['0010']);
    expect(fields.get('CA')).toEqual(['0005']);
    expect(fields.get('CC')).toEqual(['50.00']);
    expect(fields.get('PC')).toEqual(['community']);
    expect(fields.get('PI')).toEqual(['N']);
    expect(fields.get('AQ')).toEqual([library.code]);
    for (const list of ['AS', 'AT', 'AU', 'AV', 'BU', 'CD']) expect(fields.has(list)).toBe(false);
  });

  it('64 lists the one summary asked for, cut to the BP/BQ range', async () => {
    const ask = async (position: number, range = '') => parts(await kiosk.send(`63001${when}${summaryFor(position)}AO${library.code}|AA${borrower.barcode}|${range}`)).fields;
    expect((await ask(0)).get('AS')).toEqual([barcodes[3]]);
    expect((await ask(1)).get('AT')).toEqual([barcodes[0]]);
    expect((await ask(2)).get('AU')).toEqual([barcodes[0], barcodes[1], barcodes[2]]);
    expect((await ask(2, 'BP2|BQ3|')).get('AU')).toEqual([barcodes[1], barcodes[2]]);
    expect((await ask(2, 'BP3|BQ3|')).get('AU')).toEqual([barcodes[2]]);
    expect((await ask(3)).get('AV')).toHaveLength(2);
    expect((await ask(3)).get('AV')![0]).toMatch(/^2\.50 /);
    expect((await ask(4)).get('BU')).toEqual([barcodes[1]]);
    expect((await ask(5)).get('CD')).toEqual([barcodes[4]]);
  });

  it('64 carries the extension fields only to accounts that see patron details, and only with the right PIN', async () => {
    const full = parts(await kiosk.send(`63001${when}${noSummary}AO${library.code}|AA${reader.barcode}|AD2468|`)).fields;
    expect(full.get('BD')).toEqual(['390 Hillcrest Dr, Silverton, OR 97381']);
    expect(full.get('BE')).toEqual(['zoe@example.edu']);
    expect(full.get('BF')).toEqual(['503-555-0108']);
    expect(full.get('PB')).toEqual(['20051201']);
    expect(full.get('PA')).toEqual(['20270531']);
    expect(full.get('PC')).toEqual(['student']);
    expect(full.get('PI')).toEqual(['Y']);
    const limited = parts(await printer.send(`63001${when}${noSummary}AO${library.code}|AA${reader.barcode}|AD2468|`)).fields;
    expect(limited.get('AE')).toEqual(['Zoë Lefèvre']);
    expect(limited.get('BL')).toEqual(['Y']);
    for (const detail of ['BD', 'BE', 'BF', 'PB']) expect(limited.has(detail)).toBe(false);
  });

  it('64 without the PIN gives the standing but not the address, email, phone or birth date', async () => {
    const withoutPin = parts(await kiosk.send(`63001${when}${noSummary}AO${library.code}|AA${reader.barcode}|`)).fields;
    expect(withoutPin.get('AE')).toEqual(['Zoë Lefèvre']);
    expect(withoutPin.get('BL')).toEqual(['Y']);
    expect(withoutPin.get('PC')).toEqual(['student']);
    for (const detail of ['BD', 'BE', 'BF', 'PB']) expect(withoutPin.has(detail)).toBe(false);
    const emptyPin = parts(await kiosk.send(`63001${when}${noSummary}AO${library.code}|AA${reader.barcode}|AD|`)).fields;
    for (const detail of ['BD', 'BE', 'BF', 'PB']) expect(emptyPin.has(detail)).toBe(false);
  });

  it('64 keeps the details of a patron whose PIN is locked, with or without a PIN', async () => {
    const { db } = database();
    const locked = await makePatron(db, library.institutionId, { pin: '8642', email: 'locked@example.edu', phone: '503-555-0199', birthDate: '1990-02-03' } as never);
    for (let attempt = 1; attempt <= 5; attempt += 1) await kiosk.send(`23001${when}AO${library.code}|AA${locked.barcode}|AD1111|`);
    for (const pin of ['', 'AD8642|']) {
      const reply = parts(await kiosk.send(`63001${when}${noSummary}AO${library.code}|AA${locked.barcode}|${pin}`)).fields;
      for (const detail of ['BD', 'BE', 'BF', 'PB']) expect(reply.has(detail)).toBe(false);
    }
  });

  it('an account set to send patron details without the PIN (--patron-details-without-pin) still does', async () => {
    const { db } = database();
    const account = await makeSipAccount(db, library, { patronDetailsNeedPin: false });
    const trusted = await logIn(account);
    const fields = parts(await trusted.send(`63001${when}${noSummary}AO${library.code}|AA${reader.barcode}|`)).fields;
    expect(fields.get('BE')).toEqual(['zoe@example.edu']);
    expect(fields.get('PB')).toEqual(['20051201']);
  });

  it('64 for an unknown patron has zero counts and BL N', async () => {
    const reply = await kiosk.send(`63001${when}${noSummary}AO${library.code}|AA77777777|`);
    expect(reply).toMatch(/^64YYYY {10}001\d{8} {4}\d{6}0{24}/);
    expect(parts(reply).fields.get('BL')).toEqual(['N']);
  });

  it('status flags follow the group limits: too many overdue, excessive fees', async () => {
    const { db } = database();
    await makeLimits(db, library, { maxOverdueItems: 0, maxFeeBalanceCents: 500 });
    try {
      const { fixed } = parts(await kiosk.send(`23001${when}AO${library.code}|AA${borrower.barcode}|`));
      expect(fixed.slice(0, 14)).toBe('YY    Y   YY  ');
    } finally {
      await db.deleteFrom('patron_group_limit').where('institution_id', '=', library.institutionId).execute();
    }
  });

  it('01 blocks the patron (answered with 24) and 25 lifts only the kiosk’s block, both audited', async () => {
    const { db } = database();
    const patron = await makePatron(db, library.institutionId, { pin: '4321' });
    await db
      .insertInto('patron_block')
      .values({ id: newId(), institution_id: library.institutionId, patron_id: patron.id, reason: 'Staff block', patron_message: 'See the supervisor.', blocks_borrowing: false, blocks_renewals: false, blocks_requests: false, expires_at: null, created_by: 'test', created_at: clock.now().toISOString() })
      .execute();
    const blocked = parts(await kiosk.send(`01N${when}AO${library.code}|ALCard left in machine|AA${patron.barcode}|AC|`));
    expect(blocked.fixed.slice(0, 4)).toBe('YYYY');
    expect(blocked.fields.get('AF')).toEqual(['Card left in machine']);
    const afterBlock = await db.selectFrom('patron_block').select(['placed_by', 'patron_message']).where('patron_id', '=', patron.id).orderBy('placed_by').execute();
    expect(afterBlock).toEqual([
      { placed_by: 'sip', patron_message: 'Card left in machine' },
      { placed_by: 'staff', patron_message: 'See the supervisor.' },
    ]);
    const enabled = await kiosk.send(`25${when}AO${library.code}|AA${patron.barcode}|AC|AD4321|`);
    const enabledParts = parts(enabled);
    expect(enabled.slice(0, 2)).toBe('26');
    expect(enabledParts.fixed.slice(0, 14)).toBe(' '.repeat(14));
    expect(enabledParts.fields.get('BL')).toEqual(['Y']);
    expect(enabledParts.fields.get('CQ')).toEqual(['Y']);
    const remaining = await db.selectFrom('patron_block').select('placed_by').where('patron_id', '=', patron.id).execute();
    expect(remaining).toEqual([{ placed_by: 'staff' }]);
    const audit = await db.selectFrom('audit_event').select(['action', 'actor_kind']).where('entity_id', '=', patron.id).where('actor_kind', '=', 'sip').orderBy('occurred_at').execute();
    expect(audit.map((event) => event.action).sort()).toEqual(['patron.block-add', 'patron.block-remove']);
  });

  it('01 for an unknown patron changes nothing and says BL N', async () => {
    const reply = parts(await kiosk.send(`01N${when}AO${library.code}|ALStolen|AA66666666|AC|`));
    expect(reply.fields.get('BL')).toEqual(['N']);
  });

  it('35 ends the patron session with Y', async () => {
    const reply = await kiosk.send(`35${when}AO${library.code}|AA${reader.barcode}|`);
    expect(reply).toMatch(/^36Y\d{8} {4}\d{6}AO/);
    expect(parts(reply).fields.get('AA')).toEqual([reader.barcode]);
  });

  it('a printing system may ask about patrons but not block them', async () => {
    const reply = await printer.send(`01N${when}AO${library.code}|ALx|AA${reader.barcode}|AC|`);
    expect(reply.slice(0, 2)).toBe('24');
    expect(parts(reply).fields.get('AF')).toEqual(['This machine may not do that. Please ask at the desk.']);
  });
});

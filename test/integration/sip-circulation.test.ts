import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { authenticateSipAccount, createSipAccount, sipActor } from '../../src/modules/sip/sip-account.service.ts';
import { circulationSipHandlers } from '../../src/modules/sip/sip-circulation.handlers.ts';
import { formatSipReply, parseSipMessage } from '../../src/modules/sip/sip-codec.ts';
import type { SipAccount, SipSessionContext } from '../../src/modules/sip/sip-contract.ts';
import { sipDateTime } from '../../src/modules/sip/sip-dates.ts';
import { fixedLength, responseFixedWidths } from '../../src/modules/sip/sip-message-formats.ts';
import { fixedClock, systemClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeDesk, type DeskFixture } from '../support/factories/desk.ts';
import { chargeTestFee, systemActor } from '../support/factories/fee-ledger.ts';
import { makePatron, type PatronOverrides } from '../support/factories/patrons.ts';
import { placedRequest } from '../support/factories/requests.ts';
import { sipReplyFields } from '../support/sip-client.ts';
import { testEventBus } from '../support/service-context.ts';
import { requestQueueForCirculation } from '../../src/modules/requests/index.ts';
import { loanNoticesForCirculation } from '../../src/modules/notices/index.ts';

const zone = 'America/Los_Angeles';
const blankDate = ' '.repeat(18);

describeOnBothDatabases('SIP2 circulation messages', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let desk: DeskFixture;
  let account: SipAccount;
  let session: SipSessionContext;
  const db = () => database().db;
  const now = () => sipDateTime(clock.now(), zone);

  beforeAll(async () => {
    desk = await makeDesk(database(), clock);
    await createSipAccount(db(), clock, systemActor(desk.library.institutionId), { institutionId: desk.library.institutionId, username: 'selfcheck-1', password: 'kiosk-secret', servicePointCode: 'CIRC' });
    const login = await authenticateSipAccount(db(), systemClock, 'selfcheck-1', 'kiosk-secret');
    if (!login.ok) throw new Error('SIP login failed');
    account = login.account;
    session = { db: db(), clock, events: testEventBus(), requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation, config: loadConfig({}), account, timeZone: zone, actor: sipActor(account) };
  });
  afterAll(async () => desk.app.close());

  const ao = () => `AO${desk.library.code}|`;
  const patron = (overrides: PatronOverrides = {}) => makePatron(db(), desk.library.institutionId, overrides);
  const book = async (title = 'The Left Hand of Darkness') => (await makeInstance(db(), desk.library, { title }, [{}])).barcodes[0]!;

  /** Send one request to the handlers as the codec reads it; check the reply's fixed widths and read it back. */
  async function sip(text: string) {
    const parsed = parseSipMessage(Buffer.from(text, 'utf8'), 'utf-8');
    if (!parsed.ok) throw new Error(`request did not parse: ${parsed.reason}`);
    const reply = await circulationSipHandlers[parsed.message.command]!(parsed.message, session);
    const format = responseFixedWidths[reply.command]!;
    expect(reply.fixed.map((value) => value.length)).toEqual(format.fixed.map((field) => field.width));
    const wire = formatSipReply(reply, { errorDetection: false, charset: 'utf-8' }).toString('utf8').replace(/\r$/, '');
    const fields = sipReplyFields(wire, fixedLength(format));
    return { wire, command: reply.command, fixed: wire.slice(2, 2 + fixedLength(format)), field: (id: string) => fields.get(id)?.[0], all: (id: string) => fields.get(id) ?? [] };
  }
  const checkout = (patronBarcode: string, itemBarcode: string, head = `11NN${now()}${blankDate}`, extra = '') => sip(`${head}${ao()}AA${patronBarcode}|AB${itemBarcode}|AC|${extra}`);
  const checkin = (itemBarcode: string) => sip(`09N${now()}${now()}AP|${ao()}AB${itemBarcode}|AC|`);
  const loanOf = (itemBarcode: string) =>
    db().selectFrom('loan').innerJoin('item', 'item.id', 'loan.item_id').selectAll('loan').where('item.barcode', '=', itemBarcode).where('loan.status', '=', 'open').executeTakeFirst();

  it('checks a book out: every field of the 12, the loan recorded with the SIP account in the audit', async () => {
    const reader = await patron();
    const barcode = await book();
    const reply = await checkout(reader.barcode, barcode);
    expect(reply.command).toBe('12');
    expect(reply.fixed).toBe(`1NNY${now()}`);
    expect(reply.field('AO')).toBe(desk.library.code);
    expect(reply.field('AA')).toBe(reader.barcode);
    expect(reply.field('AB')).toBe(barcode);
    expect(reply.field('AJ')).toBe('The Left Hand of Darkness');
    // 23 November 23:59 in Los Angeles, the desk's 21-day loan
    expect(reply.field('AH')).toBe('20261123    235900');
    expect(reply.field('CK')).toBe('001');
    expect(reply.field('AF')).toBeUndefined();
    expect(reply.field('AG')).toContain('The Left Hand of Darkness - due 23 Nov 2026');
    const loan = await loanOf(barcode);
    expect(loan).toMatchObject({ patron_id: reader.id, loaned_at: '2026-11-02T17:00:00.000Z', checkout_service_point_id: desk.library.servicePointId });
    const audit = await db().selectFrom('audit_event').selectAll().where('entity_id', '=', loan!.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'loan.check-out', actor_kind: 'sip', actor_name: 'selfcheck-1', actor_id: account.id });
  });

  it('refuses a blocked patron, an item on loan to someone else and an item held for another, in plain words', async () => {
    const blocked = await patron();
    const placed = await desk.technician.request({ method: 'POST', url: `/api/v1/patrons/${blocked.id}/blocks`, payload: { reason: 'Unreturned laptop charger' } });
    expect(placed.statusCode, placed.body).toBe(201);
    const barcode = await book();
    const refused = await checkout(blocked.barcode, barcode);
    expect(refused.fixed).toBe(`0NNN${now()}`);
    expect(refused.field('AF')).toBe('Your account is blocked. Please see the desk.');
    expect(refused.field('AH')).toBe('');
    expect(refused.field('AJ')).toBe('The Left Hand of Darkness');
    expect(await loanOf(barcode)).toBeUndefined();

    const first = await patron();
    const second = await patron();
    expect((await checkout(first.barcode, barcode)).fixed[0]).toBe('1');
    const onLoan = await checkout(second.barcode, barcode);
    expect(onLoan.fixed[0]).toBe('0');
    expect(onLoan.field('AF')).toBe('This item is on loan to someone else. Please take it to the desk.');
    expect((await loanOf(barcode))?.patron_id).toBe(first.id);

    // someone places a hold; the book comes back to this desk and goes on the hold shelf
    const waiting = await patron();
    await placedRequest(desk.technician, { type: 'hold', patronBarcode: waiting.barcode, itemBarcode: barcode, pickupServicePointId: desk.library.servicePointId });
    const returned = await checkin(barcode);
    expect(returned.fixed).toBe(`1YNY${now()}`);
    expect(returned.field('CV')).toBe('01');
    expect(returned.field('CT')).toBe('CIRC');
    expect(returned.field('CY')).toBe(waiting.barcode);
    expect(returned.field('AQ')).toBe('STACKS');
    expect(returned.field('AF')).toContain('wanted by another patron');
    const held = await checkout(second.barcode, barcode);
    expect(held.fixed[0]).toBe('0');
    expect(held.field('AF')).toBe('This item is on hold for someone else. Please leave it at the desk.');
    // the patron it waits for takes it at the kiosk
    expect((await checkout(waiting.barcode, barcode)).fixed[0]).toBe('1');
  });

  it('records a no-block (offline) checkout from its original date, even for a patron the policy would refuse', async () => {
    const blocked = await patron();
    await desk.technician.request({ method: 'POST', url: `/api/v1/patrons/${blocked.id}/blocks`, payload: { reason: 'Library card reported stolen' } });
    const barcode = await book();
    // Saturday 31 October, 10:15 in Los Angeles, while the network was down
    const offline = '20261031    101500';
    const reply = await checkout(blocked.barcode, barcode, `11NY${offline}${blankDate}`);
    expect(reply.fixed[0]).toBe('1');
    const loan = await loanOf(barcode);
    expect(loan?.loaned_at).toBe('2026-10-31T17:15:00.000Z');
    // 21 days from the offline loan: 21 November 23:59 local
    expect(reply.field('AH')).toBe('20261121    235900');
    const audit = await db().selectFrom('audit_event').select(['reason', 'actor_kind']).where('entity_id', '=', loan!.id).executeTakeFirstOrThrow();
    expect(audit.actor_kind).toBe('sip');
    expect(audit.reason).toContain('No-block');

    // the book came back through the offline book drop on Sunday at noon
    const returned = await sip(`09Y20261101    120000${'20261101    120000'}AP|${ao()}AB${barcode}|AC|`);
    expect(returned.fixed[0]).toBe('1');
    const closed = await db().selectFrom('loan').select(['returned_at', 'checked_in_at']).where('id', '=', loan!.id).executeTakeFirstOrThrow();
    expect(closed).toEqual({ returned_at: '2026-11-01T20:00:00.000Z', checked_in_at: '2026-11-02T17:00:00.000Z' });
  });

  it('undoes a checkout the kiosk could not finish (BI cancel)', async () => {
    const reader = await patron();
    const barcode = await book('Lilith’s Brood');
    expect((await checkout(reader.barcode, barcode)).fixed[0]).toBe('1');
    const cancelled = await checkout(reader.barcode, barcode, undefined, 'BIY|');
    expect(cancelled.fixed.slice(0, 4)).toBe('1NNN');
    expect(cancelled.field('AF')).toBe('The checkout was cancelled.');
    expect(await loanOf(barcode)).toBeUndefined();
    const item = await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow();
    expect(item.status).toBe('available');
  });

  it('checks in a book that belongs here: back on the shelf, no alert', async () => {
    const reader = await patron();
    const barcode = await book('Kindred');
    await checkout(reader.barcode, barcode);
    const reply = await checkin(barcode);
    expect(reply.fixed).toBe(`1YNN${now()}`);
    expect(reply.field('AB')).toBe(barcode);
    expect(reply.field('AJ')).toBe('Kindred');
    expect(reply.field('CV')).toBeUndefined();
    expect(reply.field('AG')).toContain('Kindred - returned');
    expect(await loanOf(barcode)).toBeUndefined();
    const unknown = await checkin('NO-SUCH-ITEM');
    expect(unknown.fixed.slice(0, 4)).toBe('0NUY');
    expect(unknown.field('AF')).toBe('This item was not recognised. Please ask at the desk.');
  });

  it('renews a loan, and refuses when another patron is waiting for the item', async () => {
    const reader = await patron();
    const barcode = await book('Dune');
    await checkout(reader.barcode, barcode);
    const renewed = await sip(`29NN${now()}${blankDate}${ao()}AA${reader.barcode}|AB${barcode}|AC|`);
    expect(renewed.command).toBe('30');
    expect(renewed.fixed).toBe(`1YNN${now()}`);
    // renewed from the due date: 21 more days
    expect(renewed.field('AH')).toBe('20261214    235900');
    expect(renewed.field('AJ')).toBe('Dune');

    const other = await patron();
    await placedRequest(desk.technician, { type: 'hold', patronBarcode: other.barcode, itemBarcode: barcode, pickupServicePointId: desk.library.servicePointId });
    const refused = await sip(`29NN${now()}${blankDate}${ao()}AA${reader.barcode}|AB${barcode}|AC|`);
    expect(refused.fixed.slice(0, 2)).toBe('0N');
    expect(refused.field('AF')).toBe('Someone else has requested this item.');
    expect((await loanOf(barcode))?.renewal_count).toBe(1);
  });

  it('renews by title when the kiosk sends no item barcode', async () => {
    const reader = await patron();
    const barcode = await book('Hyperion');
    await checkout(reader.barcode, barcode);
    const renewed = await sip(`29NN${now()}${blankDate}${ao()}AA${reader.barcode}|AJHyperion|AC|`);
    expect(renewed.fixed.slice(0, 2)).toBe('1Y');
    expect(renewed.field('AB')).toBe(barcode);
    expect((await loanOf(barcode))?.renewal_count).toBe(1);
  });

  it('renews all of a patron’s loans, listing those renewed and those not', async () => {
    const reader = await patron();
    const free = await book('Neuromancer');
    const wanted = await book('Solaris');
    await checkout(reader.barcode, free);
    await checkout(reader.barcode, wanted);
    await placedRequest(desk.technician, { type: 'hold', patronBarcode: (await patron()).barcode, itemBarcode: wanted, pickupServicePointId: desk.library.servicePointId });
    const reply = await sip(`65${now()}${ao()}AA${reader.barcode}|AC|`);
    expect(reply.command).toBe('66');
    expect(reply.fixed).toBe(`100010001${now()}`);
    expect(reply.all('BM')).toEqual([free]);
    expect(reply.all('BN')).toEqual([wanted]);
  });

  it('takes a fee payment in part and in full; the balance shows at the desk afterwards', async () => {
    const reader = await patron();
    const fee = await chargeTestFee(db(), desk.library.institutionId, reader.id, { amountCents: 1000 });
    const balance = async () => (await desk.technician.request({ method: 'GET', url: `/api/v1/patrons/${reader.id}/fees` })).json().balanceCents;

    const part = await sip(`37${now()}0101USDBV4.00|${ao()}AA${reader.barcode}|BKKIOSK-TX-1|`);
    expect(part.command).toBe('38');
    expect(part.fixed).toBe(`Y${now()}`);
    expect(part.field('BK')).toBe('KIOSK-TX-1');
    expect(part.field('AF')).toContain('$6.00');
    expect(await balance()).toBe(600);
    const action = await db().selectFrom('fee_action').selectAll().where('fee_id', '=', fee.id).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ kind: 'payment', amount_cents: 400, method: 'card', transaction_reference: 'KIOSK-TX-1' });

    const wrongCurrency = await sip(`37${now()}0100EURBV6.00|${ao()}AA${reader.barcode}|`);
    expect(wrongCurrency.fixed[0]).toBe('N');
    expect(await balance()).toBe(600);
    const tooMuch = await sip(`37${now()}0100USDBV9.00|${ao()}AA${reader.barcode}|`);
    expect(tooMuch.fixed[0]).toBe('N');
    expect(tooMuch.field('AF')).toBe('The payment is more than you owe.');

    const full = await sip(`37${now()}0100USDBV6.00|${ao()}AA${reader.barcode}|CG${fee.id}|BKKIOSK-TX-2|`);
    expect(full.fixed[0]).toBe('Y');
    expect(full.field('CG')).toBe(fee.id);
    expect(await balance()).toBe(0);
  });

  it('places a hold on a book out on loan and cancels it', async () => {
    const borrower = await patron();
    const reader = await patron();
    const barcode = await book('The Dispossessed');
    await checkout(borrower.barcode, barcode);
    const placed = await sip(`15+${now()}BSCIRC|${ao()}AA${reader.barcode}|AB${barcode}|`);
    expect(placed.command).toBe('16');
    expect(placed.fixed).toBe(`1N${now()}`);
    expect(placed.field('BR')).toBe('1');
    expect(placed.field('BS')).toBe('CIRC');
    expect(placed.field('AJ')).toBe('The Dispossessed');
    const request = await db().selectFrom('request').innerJoin('patron', 'patron.id', 'request.patron_id').select(['request.status', 'request.type']).where('patron.barcode', '=', reader.barcode).executeTakeFirstOrThrow();
    expect(request).toEqual({ status: 'open-not-yet-filled', type: 'hold' });
    const again = await sip(`15+${now()}${ao()}AA${reader.barcode}|AB${barcode}|`);
    expect(again.fixed[0]).toBe('0');
    expect(again.field('AF')).toBe('You have already requested this item.');

    const cancelled = await sip(`15-${now()}${ao()}AA${reader.barcode}|AB${barcode}|`);
    expect(cancelled.fixed[0]).toBe('1');
    const after = await db().selectFrom('request').innerJoin('patron', 'patron.id', 'request.patron_id').select('request.status').where('patron.barcode', '=', reader.barcode).executeTakeFirstOrThrow();
    expect(after.status).toBe('closed-cancelled');
  });

  it('a title asked for by name with one copy on loan and one on the shelf is paged from the shelf, as in the portal', async () => {
    const borrower = await patron();
    const reader = await patron();
    const copies = (await makeInstance(db(), desk.library, { title: 'The Fifth Season' }, [{}, {}])).barcodes;
    await checkout(borrower.barcode, copies[0]!);
    const placed = await sip(`15+${now()}BSCIRC|${ao()}AA${reader.barcode}|AJThe Fifth Season|`);
    expect(placed.field('AF')).toBe('Your request is placed; the item will be fetched for you.');
    expect(placed.fixed).toBe(`1Y${now()}`);
    expect(placed.field('AB')).toBe(copies[1]);
    const request = await db().selectFrom('request').innerJoin('patron', 'patron.id', 'request.patron_id').select(['request.type', 'request.level']).where('patron.barcode', '=', reader.barcode).executeTakeFirstOrThrow();
    expect(request).toEqual({ type: 'page', level: 'title' });
  });

  it('describes an item: status, due date, queue, locations, stored properties; unknown items answer plainly', async () => {
    const borrower = await patron();
    const barcode = await book('Parable of the Sower');
    await checkout(borrower.barcode, barcode);
    await placedRequest(desk.technician, { type: 'hold', patronBarcode: (await patron()).barcode, itemBarcode: barcode, pickupServicePointId: desk.library.servicePointId });
    const info = await sip(`17${now()}${ao()}AB${barcode}|AC|`);
    expect(info.command).toBe('18');
    expect(info.fixed).toBe(`040201${now()}`);
    expect(info.field('CF')).toBe('1');
    expect(info.field('AH')).toBe('20261123    235900');
    expect(info.field('AJ')).toBe('Parable of the Sower');
    expect(info.field('BG')).toBe('MAINLIB');
    expect(info.field('AQ')).toBe('STACKS');
    expect(info.field('AP')).toBe('STACKS');
    expect(info.field('CK')).toBe('001');
    const unknown = await sip(`17${now()}${ao()}ABNOPE|AC|`);
    expect(unknown.fixed.slice(0, 2)).toBe('01');
    expect(unknown.field('AF')).toBe('This item was not recognised. Please ask at the desk.');
    const update = await sip(`19${now()}${ao()}AB${barcode}|AC|CHshelf 3|`);
    expect(update.command).toBe('20');
    expect(update.fixed).toBe(`1${now()}`);
    expect(update.field('AJ')).toBe('Parable of the Sower');
    expect((await sip(`17${now()}${ao()}AB${barcode}|AC|`)).field('CH')).toBe('shelf 3');
    const nothingSent = await sip(`19${now()}${ao()}AB${barcode}|AC|`);
    expect(nothingSent.fixed).toBe(`0${now()}`);
    expect(nothingSent.field('AF')).toBe('No item properties were sent.');
  });

  it('checks the patron PIN when sent and refuses another institution', async () => {
    const reader = await patron({ pin: '4321' });
    const barcode = await book();
    const wrongPin = await checkout(reader.barcode, barcode, undefined, 'AD9999|');
    expect(wrongPin.fixed[0]).toBe('0');
    expect(wrongPin.field('AF')).toBe('Your card or PIN was not accepted. Please ask at the desk.');
    expect(await loanOf(barcode)).toBeUndefined();
    const elsewhere = await sip(`11NN${now()}${blankDate}AOOTHER|AA${reader.barcode}|AB${barcode}|AC|AD4321|`);
    expect(elsewhere.field('AF')).toBe('This card belongs to another library.');
    expect((await checkout(reader.barcode, barcode, undefined, 'AD4321|')).fixed[0]).toBe('1');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { forgetCirculationRules } from '../../src/modules/circulation/circulation-rules.service.ts';
import { authenticateSipAccount, createSipAccount, sipActor } from '../../src/modules/sip/sip-account.service.ts';
import { formatSipReply, parseSipMessage } from '../../src/modules/sip/sip-codec.ts';
import type { SipSessionContext } from '../../src/modules/sip/sip-contract.ts';
import { sipDateTime } from '../../src/modules/sip/sip-dates.ts';
import { sipHandlers } from '../../src/modules/sip/sip-handlers.ts';
import { fixedLength, responseFixedWidths } from '../../src/modules/sip/sip-message-formats.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeDesk, type DeskFixture } from '../support/factories/desk.ts';
import { systemActor } from '../support/factories/fee-ledger.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { sipReplyFields } from '../support/sip-client.ts';
import { testEventBus } from '../support/service-context.ts';
import { requestQueueForCirculation } from '../../src/modules/requests/index.ts';
import { loanNoticesForCirculation } from '../../src/modules/notices/index.ts';

const zone = 'America/Los_Angeles';
const blankDate = ' '.repeat(18);

/** What a third-party kiosk or sorter checks in Carrel's replies beyond "it worked". */
describeOnBothDatabases('SIP2 conformance details third-party clients check', (database) => {
  // Monday 2 November 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-11-02T17:00:00Z');
  let desk: DeskFixture;
  const sessions: Record<'kiosk' | 'sorter', SipSessionContext> = {} as never;
  const db = () => database().db;
  const now = () => sipDateTime(clock.now(), zone);

  async function sessionOf(username: string, options: { checkInNotOnLoanOk?: boolean } = {}): Promise<SipSessionContext> {
    await createSipAccount(db(), clock, systemActor(desk.library.institutionId), { institutionId: desk.library.institutionId, username, password: 'kiosk-secret', servicePointCode: 'CIRC', ...options });
    const login = await authenticateSipAccount(db(), clock, username, 'kiosk-secret');
    if (!login.ok) throw new Error('SIP login failed');
    return { db: db(), clock, events: testEventBus(), requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation, config: loadConfig({}), account: login.account, timeZone: zone, actor: sipActor(login.account) };
  }

  beforeAll(async () => {
    desk = await makeDesk(database(), clock);
    sessions.kiosk = await sessionOf('conformance-kiosk');
    sessions.sorter = await sessionOf('conformance-sorter', { checkInNotOnLoanOk: true });
  });
  afterAll(async () => desk.app.close());

  const ao = () => `AO${desk.library.code}|`;
  const book = async (title = 'Kindred') => (await makeInstance(db(), desk.library, { title }, [{}])).barcodes[0]!;

  async function sip(text: string, session = sessions.kiosk) {
    const parsed = parseSipMessage(Buffer.from(text, 'utf8'), 'utf-8');
    if (!parsed.ok) throw new Error(`request did not parse: ${parsed.reason}`);
    const reply = await sipHandlers[parsed.message.command]!(parsed.message, session);
    const format = responseFixedWidths[reply.command]!;
    const wire = formatSipReply(reply, { errorDetection: false, charset: 'utf-8' }).toString('utf8').replace(/\r$/, '');
    const fields = sipReplyFields(wire, fixedLength(format));
    return { command: reply.command, fixed: wire.slice(2, 2 + fixedLength(format)), field: (id: string) => fields.get(id)?.[0], all: (id: string) => fields.get(id) ?? [] };
  }
  const checkout = (patronBarcode: string, itemBarcode: string, head = `11NN${now()}${blankDate}`) => sip(`${head}${ao()}AA${patronBarcode}|AB${itemBarcode}|AC|`);
  const renew = (patronBarcode: string, itemBarcode: string) => sip(`29NN${now()}${blankDate}${ao()}AA${patronBarcode}|AB${itemBarcode}|AC|`);

  it('never desensitizes what was not lent: refused check-outs and renewals say N, magnetic media U when the item is unknown, a renewal N', async () => {
    const reader = await makePatron(db(), desk.library.institutionId);
    const blocked = await makePatron(db(), desk.library.institutionId);
    await desk.technician.request({ method: 'POST', url: `/api/v1/patrons/${blocked.id}/blocks`, payload: { reason: 'Unreturned laptop' } });
    const barcode = await book();
    expect((await checkout(reader.barcode, 'NO-SUCH-ITEM')).fixed).toBe(`0NUN${now()}`);
    expect((await checkout(blocked.barcode, barcode)).fixed).toBe(`0NNN${now()}`);
    expect((await checkout(reader.barcode, barcode)).fixed).toBe(`1NNY${now()}`);
    expect((await renew(reader.barcode, barcode)).fixed).toBe(`1YNN${now()}`);
    expect((await renew(reader.barcode, 'NO-SUCH-ITEM')).fixed).toBe(`0NUN${now()}`);
    expect((await renew(blocked.barcode, barcode)).fixed).toBe(`0NNN${now()}`);
    // the patron already has it and the kiosk renews on checkout (SC renewal policy Y): still nothing to desensitize
    expect((await checkout(reader.barcode, barcode, `11YN${now()}${blankDate}`)).fixed).toBe(`1YNN${now()}`);
  });

  it('answers ok 0 with a screen message to a check-in of an item that was not on loan, unless the account says ok', async () => {
    const barcode = await book('Wild Seed');
    const refused = await sip(`09N${now()}${now()}AP|${ao()}AB${barcode}|AC|`);
    expect(refused.fixed).toBe(`0YNN${now()}`);
    expect(refused.all('AF')).toEqual(['This item was not on loan. Please take it to the desk.']);
    const accepted = await sip(`09N${now()}${now()}AP|${ao()}AB${barcode}|AC|`, sessions.sorter);
    expect(accepted.fixed).toBe(`1YNN${now()}`);
    expect(accepted.all('AF')).toEqual(['This item was not on loan. Please take it to the desk.']);
    const reader = await makePatron(db(), desk.library.institutionId);
    await checkout(reader.barcode, barcode);
    const returned = await sip(`09N${now()}${now()}AP|${ao()}AB${barcode}|AC|`);
    expect(returned.fixed).toBe(`1YNN${now()}`);
    expect(returned.all('AF')).toEqual([]);
  });

  it('blocks a patron once however often 01 is sent, and says the block message once', async () => {
    const patron = await makePatron(db(), desk.library.institutionId);
    const first = await sip(`01N${now()}${ao()}ALCard left in machine|AA${patron.barcode}|AC|`);
    expect(first.all('AF')).toEqual(['Card left in machine']);
    const second = await sip(`01N${now()}${ao()}ALCard left in machine|AA${patron.barcode}|AC|`);
    expect(second.all('AF')).toEqual(['Card left in machine']);
    const status = await sip(`23001${now()}${ao()}AA${patron.barcode}|AC|`);
    expect(status.all('AF')).toEqual(['Card left in machine']);
    const blocks = await db().selectFrom('patron_block').select('placed_by').where('patron_id', '=', patron.id).execute();
    expect(blocks).toEqual([{ placed_by: 'sip' }]);
  });

  it('uses the no-block due date of an offline check-out when it is given', async () => {
    const reader = await makePatron(db(), desk.library.institutionId);
    const barcode = await book('Dawn');
    // lent offline on Saturday 31 October at 10:15; the kiosk told the patron it is due Friday 20 November at noon
    const reply = await checkout(reader.barcode, barcode, `11NY20261031    101500${'20261120    120000'}`);
    expect(reply.field('AF')).toBeUndefined();
    expect(reply.fixed[0]).toBe('1');
    expect(reply.field('AH')).toBe('20261120    120000');
    const loan = await db().selectFrom('loan').innerJoin('item', 'item.id', 'loan.item_id').select(['loan.due_at', 'loan.loaned_at']).where('item.barcode', '=', barcode).executeTakeFirstOrThrow();
    expect(loan).toEqual({ due_at: '2026-11-20T20:00:00.000Z', loaned_at: '2026-10-31T17:15:00.000Z' });
    // without no-block the kiosk's date is not a due date: the loan policy's 21 days apply
    const online = await checkout(reader.barcode, await book('Imago'), `11NN${now()}${'20261120    120000'}`);
    expect(online.field('AH')).toBe('20261123    235900');
  });

  it('keeps the item properties 19 sets and returns them in 17, audited', async () => {
    const barcode = await book('Adulthood Rites');
    const update = await sip(`19${now()}${ao()}AB${barcode}|AC|CHsorter bin 3; RFID 0412|`);
    expect(update.command).toBe('20');
    expect(update.fixed).toBe(`1${now()}`);
    expect(update.field('CH')).toBe('sorter bin 3; RFID 0412');
    expect((await sip(`17${now()}${ao()}AB${barcode}|AC|`)).field('CH')).toBe('sorter bin 3; RFID 0412');
    const audit = await db().selectFrom('audit_event').innerJoin('item', 'item.id', 'audit_event.entity_id').select(['audit_event.action', 'audit_event.actor_name']).where('item.barcode', '=', barcode).execute();
    expect(audit).toEqual([{ action: 'item.sip-properties', actor_name: 'conformance-kiosk' }]);
    const unknown = await sip(`19${now()}${ao()}ABNO-SUCH-ITEM|AC|CHx|`);
    expect(unknown.fixed[0]).toBe('0');
    expect(unknown.field('AF')).toBe('This item was not recognised. Please ask at the desk.');
  });

  it('sends the hold items limit (BZ) in 64 from the request policy that governs the patron group', async () => {
    const reader = await makePatron(db(), desk.library.institutionId, { pin: '2468' });
    const info = () => sip(`63001${now()}${' '.repeat(10)}${ao()}AA${reader.barcode}|AD2468|`);
    expect((await info()).field('BZ')).toBeUndefined();
    const fallback = await db().selectFrom('circulation_rule').select('request_policy_id').where('institution_id', '=', desk.library.institutionId).where('is_fallback', '=', true).executeTakeFirstOrThrow();
    const policy = await db().selectFrom('request_policy').select('settings').where('id', '=', fallback.request_policy_id).executeTakeFirstOrThrow();
    await db().updateTable('request_policy').set({ settings: JSON.stringify({ ...JSON.parse(policy.settings), maxOpenRequests: 5 }) }).where('id', '=', fallback.request_policy_id).execute();
    forgetCirculationRules(desk.library.institutionId);
    try {
      expect((await info()).field('BZ')).toBe('0005');
    } finally {
      await db().updateTable('request_policy').set({ settings: policy.settings }).where('id', '=', fallback.request_policy_id).execute();
      forgetCirculationRules(desk.library.institutionId);
    }
  });
});

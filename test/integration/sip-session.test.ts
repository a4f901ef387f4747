import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseFixedWidths, fixedLength } from '../../src/modules/sip/sip-message-formats.ts';
import type { SipServer } from '../../src/modules/sip/sip-server.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeSipAccount, recordingSipLogger, startTestSipServer } from '../support/factories/sip.ts';
import { connectSip, sipReplyFields, sipTestChecksum, type SipClient } from '../support/sip-client.ts';

const when = '20260601    120000';
const fieldsOf = (reply: string) => sipReplyFields(reply, fixedLength(responseFixedWidths[reply.slice(0, 2)]!));

describe('SIP2 checksums as the standard defines them', () => {
  it('computes FDFD for 941AY0AZ', () => {
    expect(sipTestChecksum(Buffer.from('941AY0AZ'))).toBe('FDFD');
  });
});

describeOnBothDatabases('SIP2 sessions: login, error detection, resend, bad input', (database) => {
  let library: InstitutionFixture;
  let server: SipServer;
  let kiosk: Awaited<ReturnType<typeof makeSipAccount>>;
  let printing: Awaited<ReturnType<typeof makeSipAccount>>;
  const log = recordingSipLogger();
  const clients: SipClient[] = [];

  async function open(options: Parameters<typeof connectSip>[1] = {}) {
    const client = await connectSip(server.port, options);
    clients.push(client);
    return client;
  }

  async function loggedIn(account = kiosk, options: Parameters<typeof connectSip>[1] = {}) {
    const client = await open(options);
    expect(await client.send(`9300CN${account.username}|CO${account.password}|CPRIVERSIDE|`)).toMatch(/^941/);
    return client;
  }

  beforeAll(async () => {
    const { db } = database();
    library = await makeInstitution(db);
    kiosk = await makeSipAccount(db, library);
    printing = await makeSipAccount(db, library, { messages: ['23', '63', '37'] });
    server = await startTestSipServer(db, { logger: log });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.close();
  });

  it('logs a kiosk in with the right password and records it in the audit with the SIP account', async () => {
    const client = await open();
    expect(await client.send(`9300CN${kiosk.username}|CO${kiosk.password}|CPRIVERSIDE|`)).toBe('941');
    const events = await database()
      .db.selectFrom('audit_event')
      .selectAll()
      .where('institution_id', '=', library.institutionId)
      .where('action', '=', 'sip.login')
      .where('actor_name', '=', kiosk.username)
      .execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ actor_kind: 'sip', entity_type: 'sip_account', entity_id: kiosk.id });
  });

  it('refuses a wrong password or an unknown user with 940, and never logs the password', async () => {
    const client = await open();
    expect(await client.send(`9300CN${kiosk.username}|COnot-the-password|`)).toBe('940');
    expect(await client.send('9300CNnobody-here|COwhatever|')).toBe('940');
    expect(log.lines.some((line) => line.startsWith('warn SIP login refused') && line.includes(`"username":"${kiosk.username}","reason":"wrong-password"`))).toBe(true);
    expect(log.lines.some((line) => line.startsWith('warn SIP login refused') && line.includes('"username":"nobody-here","reason":"unknown"'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain('not-the-password');
    expect(log.lines.join('\n')).not.toContain(kiosk.password);
  });

  it('refuses a disabled account', async () => {
    const { db } = database();
    const retired = await makeSipAccount(db, library);
    await db.updateTable('sip_account').set({ enabled: false }).where('id', '=', retired.id).execute();
    const client = await open();
    expect(await client.send(`9300CN${retired.username}|CO${retired.password}|`)).toBe('940');
  });

  it('answers 99 before login, but nothing that touches patrons or items', async () => {
    const client = await open();
    const status = await client.send('9900302.00');
    expect(status.slice(0, 2)).toBe('98');
    const patron = await client.send(`23001${when}AO${library.code}|AA12345|AC|`);
    expect(patron.slice(0, 2)).toBe('24');
    expect(fieldsOf(patron).get('BL')).toEqual(['N']);
    expect(fieldsOf(patron).get('AF')).toEqual(['Please log in first.']);
    const checkout = await client.send(`11YN${when}${' '.repeat(18)}AO${library.code}|AA12345|AB39000|AC|`);
    expect(checkout.slice(0, 3)).toBe('120');
    expect(fieldsOf(checkout).get('AF')).toEqual(['Please log in first.']);
  });

  it('answers 98 with the account’s permissions in BX and the flags, the right widths and protocol 2.00', async () => {
    const client = await loggedIn(printing);
    const reply = await client.send('9900302.00');
    const format = responseFixedWidths['98']!;
    expect(reply.slice(0, 2)).toBe('98');
    const fixed = reply.slice(2, 2 + fixedLength(format));
    expect(fixed).toMatch(/^YNNNNN\d{3}\d{3}\d{8} {4}\d{6}2\.00$/);
    const fields = fieldsOf(reply);
    expect(fields.get('AO')).toEqual([library.code]);
    expect(fields.get('AM')).toEqual(['Main Library']);
    expect(fields.get('AN')).toEqual(['Main Circulation Desk']);
    // Order: patron status, checkout, checkin, block patron, SC status, resend, login, patron info,
    // end session, fee paid, item info, item status update, patron enable, hold, renew, renew all.
    expect(fields.get('BX')).toEqual(['YNNNYYYYYYNNNNNN']);
    const full = await (await loggedIn(kiosk)).send('9900302.00');
    expect(full.slice(2, 8)).toBe('YYYYYY');
    expect(fieldsOf(full).get('BX')).toEqual(['YYYYYYYYYYYYYYYY']);
  });

  it('refuses a message the account may not use with the command’s own negative response', async () => {
    const client = await loggedIn(printing);
    const checkout = await client.send(`11YN${when}${' '.repeat(18)}AO${library.code}|AA12345|AB39000|AC|`);
    expect(checkout.slice(0, 3)).toBe('120');
    expect(fieldsOf(checkout).get('AF')).toEqual(['This machine may not do that. Please ask at the desk.']);
    expect(fieldsOf(checkout).get('AB')).toEqual(['39000']);
  });

  it('refuses a message for another institution (AO)', async () => {
    const client = await loggedIn();
    const reply = await client.send(`23001${when}AOELSEWHERE|AA12345|AC|`);
    expect(reply.slice(0, 2)).toBe('24');
    expect(fieldsOf(reply).get('AF')).toEqual(['This card belongs to another library.']);
  });

  it('echoes the sequence number and adds a valid checksum when the kiosk uses error detection', async () => {
    const client = await open({ errorDetection: true });
    const login = await client.send(`9300CN${kiosk.username}|CO${kiosk.password}|`);
    expect(login).toMatch(/^941AY0AZ[0-9A-F]{4}$/);
    expect(login).toBe('941AY0AZFDFD');
    for (let turn = 1; turn <= 11; turn += 1) {
      const reply = await client.send('9900302.00');
      const match = /AY(\d)AZ([0-9A-F]{4})$/.exec(reply)!;
      expect(match[1]).toBe(String(turn % 10));
      expect(sipTestChecksum(Buffer.from(reply.slice(0, -4)))).toBe(match[2]);
    }
  });

  it('asks for a resend (96) when the checksum is wrong, and changes nothing', async () => {
    const client = await loggedIn();
    expect(await client.sendRaw(`9900302.00AY1AZ0000\r`)).toBe('96');
  });

  it('resends the last reply exactly on 97', async () => {
    const client = await loggedIn(kiosk, { errorDetection: false });
    const status = await client.send('9900302.00');
    expect(await client.send('97')).toBe(status);
    expect(await client.send('97')).toBe(status);
    const fresh = await open();
    expect(await fresh.send('97')).toBe('96');
  });

  it('accepts CRLF line ends and several messages in one packet', async () => {
    const client = await open();
    const first = client.sendRaw(`9300CN${kiosk.username}|CO${kiosk.password}|\r\n9900302.00\r\n`);
    expect(await first).toBe('941');
    expect((await client.send('97')).slice(0, 2)).toBe('98');
  });

  it('answers malformed, truncated and unknown messages with 96 without closing the connection', async () => {
    const client = await loggedIn();
    for (const junk of ['xx', '23', `23001${when.slice(0, 5)}`, '88hello|', '63001', '\x00\x01\x02', 'AZ', '93']) {
      expect(await client.sendRaw(`${junk}\r`)).toBe('96');
    }
    expect((await client.send('9900302.00')).slice(0, 2)).toBe('98');
  });

  it('closes a connection that sends a message longer than 8 KB without a CR', async () => {
    const client = await open();
    const reply = client.sendRaw('9'.repeat(9000));
    expect(await reply).toBe('96');
    await client.closed;
  });

  it('closes a connection left idle', async () => {
    const idleServer = await startTestSipServer(database().db, { idleTimeoutMs: 200 });
    try {
      const client = await connectSip(idleServer.port);
      const started = Date.now();
      await client.closed;
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      await idleServer.close();
    }
  });

  it('lets 200 kiosks connect and log in at once', async () => {
    // 50 from each of four addresses: the default limit per client address
    const many = await Promise.all(Array.from({ length: 200 }, (_, index) => connectSip(server.port, { replyTimeoutMs: 60_000, localAddress: `127.0.0.${10 + (index % 4)}` })));
    try {
      const replies = await Promise.all(many.map((client) => client.send(`9300CN${kiosk.username}|CO${kiosk.password}|`)));
      expect(replies.every((reply) => reply === '941')).toBe(true);
      const statuses = await Promise.all(many.map((client) => client.send('9900302.00')));
      expect(statuses.every((reply) => reply.startsWith('98Y'))).toBe(true);
    } finally {
      await Promise.all(many.map((client) => client.close()));
    }
  }, 120_000);
});

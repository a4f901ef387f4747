import { afterAll, beforeAll, expect, it } from 'vitest';
import { down as undoSipSafeguards, up as applySipSafeguards } from '../../src/db/migrations/0016-sip-safeguards.ts';
import type { SipServer } from '../../src/modules/sip/sip-server.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeSipAccount, recordingSipLogger, startTestSipServer } from '../support/factories/sip.ts';
import { connectSip, type SipClient } from '../support/sip-client.ts';

describeOnBothDatabases('SIP2 login lockout, per account and per client address', (database) => {
  const start = '2026-06-01T19:00:00.000Z';
  const clock = fixedClock(start);
  const log = recordingSipLogger();
  let library: InstitutionFixture;
  let server: SipServer;
  const clients: SipClient[] = [];

  async function open(localAddress = '127.0.0.1') {
    const client = await connectSip(server.port, { localAddress });
    clients.push(client);
    return client;
  }

  async function auditOf(accountId: string) {
    return database().db.selectFrom('audit_event').select(['action', 'after']).where('entity_id', '=', accountId).execute();
  }

  beforeAll(async () => {
    library = await makeInstitution(database().db);
    server = await startTestSipServer(database().db, { clock, logger: log });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.close();
  });

  it('migration 0016 moves existing accounts to patron details only with the PIN', async () => {
    const { db } = database();
    const existing = await makeSipAccount(db, library, { patronDetailsNeedPin: false });
    await undoSipSafeguards(db);
    await applySipSafeguards(db);
    const row = await db.selectFrom('sip_account').select(['patron_details_need_pin', 'check_in_not_on_loan_ok', 'failed_logins', 'locked_until']).where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect({ ...row, patron_details_need_pin: Boolean(row.patron_details_need_pin), check_in_not_on_loan_ok: Boolean(row.check_in_not_on_loan_ok) }).toEqual({
      patron_details_need_pin: true, check_in_not_on_loan_ok: false, failed_logins: 0, locked_until: null,
    });
  });

  it('locks an account after 5 wrong passwords: the right one then gets 940 too, with one audit event and a log line', async () => {
    const { db } = database();
    const kiosk = await makeSipAccount(db, library);
    const client = await open();
    for (let guess = 1; guess <= 5; guess += 1) expect(await client.send(`9300CN${kiosk.username}|COguess-${guess}|`)).toBe('940');
    expect(await client.send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('940');
    for (let guess = 6; guess <= 8; guess += 1) expect(await client.send(`9300CN${kiosk.username}|COguess-${guess}|`)).toBe('940');
    const row = await db.selectFrom('sip_account').select(['failed_logins', 'locked_until']).where('id', '=', kiosk.id).executeTakeFirstOrThrow();
    expect(new Date(row.locked_until!).toISOString()).toBe('2026-06-01T19:15:00.000Z');
    const audit = await auditOf(kiosk.id);
    expect(audit.map((event) => event.action).sort()).toEqual(['sip-account.create', 'sip.locked-out']);
    expect(log.lines.some((line) => line.startsWith('warn SIP login refused: account locked') && line.includes(kiosk.username))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(kiosk.password);
    // 9 failures from this address so far: below the address's own limit, so another kiosk still logs in here.
    const neighbour = await makeSipAccount(db, library);
    expect(await (await open()).send(`9300CN${neighbour.username}|CO${neighbour.password}|`)).toBe('941');
  });

  it('lets the right password in once the lock has ended, and starts the count again', async () => {
    const { db } = database();
    const kiosk = await makeSipAccount(db, library);
    const client = await open();
    for (let guess = 1; guess <= 5; guess += 1) await client.send(`9300CN${kiosk.username}|COguess-${guess}|`);
    clock.advance(14 * 60_000);
    expect(await client.send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('940');
    clock.advance(2 * 60_000);
    try {
      expect(await client.send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('941');
      const row = await db.selectFrom('sip_account').select(['failed_logins', 'locked_until']).where('id', '=', kiosk.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ failed_logins: 0, locked_until: null });
      // Four more wrong passwords do not lock it again: the count started from zero.
      for (let guess = 1; guess <= 4; guess += 1) expect(await client.send(`9300CN${kiosk.username}|COguess-${guess}|`)).toBe('940');
      expect(await client.send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('941');
    } finally {
      clock.set(start);
    }
  });

  it('locks a client address after 20 failed logins with any usernames, while other addresses still log in', async () => {
    const { db } = database();
    const kiosk = await makeSipAccount(db, library);
    const guesser = await open('127.0.0.2');
    for (let guess = 1; guess <= 20; guess += 1) expect(await guesser.send(`9300CNnobody-${guess}|COguess|`)).toBe('940');
    expect(await guesser.send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('940');
    expect(await (await open('127.0.0.2')).send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('940');
    expect(log.lines.some((line) => line.startsWith('warn SIP client address locked out'))).toBe(true);
    expect(log.lines.some((line) => line.startsWith('warn SIP login refused: too many failed logins from this address') && line.includes(kiosk.username))).toBe(true);
    expect(await (await open('127.0.0.3')).send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('941');
    // The address lock wrote nothing: no account was guessed at.
    expect((await auditOf(kiosk.id)).map((event) => event.action).sort()).toEqual(['sip-account.create', 'sip.login']);
    clock.advance(16 * 60_000);
    try {
      expect(await guesser.send(`9300CN${kiosk.username}|CO${kiosk.password}|`)).toBe('941');
    } finally {
      clock.set(start);
    }
  }, 60_000);
});

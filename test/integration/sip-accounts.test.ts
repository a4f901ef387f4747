import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { fixedLength, responseFixedWidths } from '../../src/modules/sip/sip-message-formats.ts';
import type { SipServer } from '../../src/modules/sip/sip-server.ts';
import { seedDemo } from '../../src/seed/demo-seed.ts';
import { demoSipAccount } from '../../src/seed/demo-identities.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { chargeTestFee } from '../support/factories/fee-ledger.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeOpenLoan } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeSipAccount, startTestSipServer } from '../support/factories/sip.ts';
import { connectSip, sipReplyFields, type SipClient } from '../support/sip-client.ts';

const when = '20260601    120000';
const root = path.resolve(import.meta.dirname, '../..');

async function tableCounts(db: Kysely<Database>) {
  const count = async (table: 'loan' | 'fee' | 'fee_action' | 'patron_block' | 'request' | 'patron') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const items = await db.selectFrom('item').select(['id', 'status']).orderBy('id').execute();
  return { loans: await count('loan'), fees: await count('fee'), feeActions: await count('fee_action'), blocks: await count('patron_block'), requests: await count('request'), patrons: await count('patron'), items };
}

describeOnBothDatabases('SIP2 accounts, character sets and a fuzz over the socket', (database) => {
  let library: InstitutionFixture;
  let server: SipServer;
  const clients: SipClient[] = [];
  let accounts: Record<'kiosk' | 'latin1' | 'ascii', Awaited<ReturnType<typeof makeSipAccount>>>;
  let reader: Awaited<ReturnType<typeof makePatron>>;

  async function logIn(account: { username: string; password: string; charset: 'utf-8' | 'latin1' | 'ascii' }) {
    const client = await connectSip(server.port, { charset: account.charset });
    clients.push(client);
    expect(await client.send(`9300CN${account.username}|CO${account.password}|`)).toBe('941');
    return client;
  }

  beforeAll(async () => {
    const { db } = database();
    library = await makeInstitution(db);
    const setup = await makeCirculationSetup(db, library);
    reader = await makePatron(db, library.institutionId, { firstName: 'Zoë', lastName: 'Lefèvre', pin: '2468' });
    const instance = await makeInstance(db, library, { title: 'L’Étranger' }, [{}, {}]);
    await makeOpenLoan(db, library, setup, { itemId: instance.itemIds[0]!, patronId: reader.id, loanedAt: '2026-05-01T18:00:00Z', dueAt: '2026-07-01T06:59:59Z' });
    await chargeTestFee(db, library.institutionId, reader.id, { amountCents: 300 });
    accounts = {
      kiosk: await makeSipAccount(db, library),
      latin1: await makeSipAccount(db, library, { charset: 'latin1' }),
      ascii: await makeSipAccount(db, library, { charset: 'ascii' }),
    };
    server = await startTestSipServer(db);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.close();
  });

  it('sends names in the account’s character set', async () => {
    const name = async (account: typeof accounts.kiosk) => {
      const reply = await (await logIn(account)).send(`23001${when}AO${library.code}|AA${reader.barcode}|`);
      return sipReplyFields(reply, fixedLength(responseFixedWidths['24']!)).get('AE');
    };
    expect(await name(accounts.kiosk)).toEqual(['Zoë Lefèvre']);
    expect(await name(accounts.latin1)).toEqual(['Zoë Lefèvre']);
    expect(await name(accounts.ascii)).toEqual(['Zoe Lefevre']);
  });

  it('reads a Latin-1 PIN and checksum from a Latin-1 kiosk', async () => {
    const client = await connectSip(server.port, { charset: 'latin1', errorDetection: true });
    clients.push(client);
    expect(await client.send(`9300CN${accounts.latin1.username}|CO${accounts.latin1.password}|`)).toMatch(/^941AY0AZ/);
    const reply = await client.send(`23001${when}AO${library.code}|AA${reader.barcode}|AD2468|`);
    expect(reply).toContain('AEZoë Lefèvre|');
    expect(reply).toMatch(/AY1AZ[0-9A-F]{4}$/);
  });

  it('no byte string or near-valid message crashes the server or changes the database', async () => {
    const { db } = database();
    const before = await tableCounts(db);
    const client = await logIn(accounts.kiosk);
    const commands = ['93', '99', '97', '23', '63', '11', '09', '17', '19', '29', '65', '37', '15', '01', '25', '35', '00', '98'];
    const fieldIds = ['AO', 'AA', 'AB', 'AC', 'AD', 'AY', 'AZ', 'BP', 'BQ', 'BV', 'CN', 'CO', 'AL', 'BS', 'XX', 'CH'];
    const noCr = (text: string) => text.replace(/[\r\n]/g, '');
    const nearValid = fc
      .tuple(
        fc.constantFrom(...commands),
        fc.string({ maxLength: 60 }),
        fc.array(fc.tuple(fc.constantFrom(...fieldIds), fc.string({ maxLength: 30 })), { maxLength: 8 }),
      )
      .map(([command, fixed, fields]) => Buffer.from(noCr(`${command}${fixed}${fields.map(([id, value]) => `${id}${value}|`).join('')}`), 'utf8'));
    const randomBytes = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 13 && byte !== 10)));
    const message = fc.oneof(nearValid, randomBytes).filter((bytes) => bytes.length > 0);
    await fc.assert(
      fc.asyncProperty(message, async (bytes) => {
        const reply = await client.sendRaw(Buffer.concat([bytes, Buffer.from('\r')]));
        expect(reply).toMatch(/^\d\d/);
      }),
      { numRuns: 500 },
    );
    // A burst of raw noise with CRs on another connection, not waiting for replies.
    const noisy = await connectSip(server.port);
    clients.push(noisy);
    for (let burst = 0; burst < 20; burst += 1) noisy.sendRaw(Buffer.from(fc.sample(fc.uint8Array({ maxLength: 500 }), 1)[0]!)).catch(() => undefined);
    expect((await client.send('9900302.00')).slice(0, 2)).toBe('98');
    expect(await tableCounts(db)).toEqual(before);
  }, 120_000);
});

describe('the demo SIP account', () => {
  it('exists after seeding: kiosk / kiosk at WVC, Riverside circulation desk, every message', async () => {
    const { createTestDatabase } = await import('../support/databases.ts');
    const database = await createTestDatabase('sqlite');
    try {
      await seedDemo(database, systemClock, { items: 30, patrons: 5 });
      const server = await startTestSipServer(database.db);
      try {
        const client = await connectSip(server.port);
        expect(await client.send(`9300CN${demoSipAccount.username}|CO${demoSipAccount.password}|CPdemo|`)).toBe('941');
        const status = await client.send('9900302.00');
        const fields = sipReplyFields(status, fixedLength(responseFixedWidths['98']!));
        expect(fields.get('AO')).toEqual(['WVC']);
        expect(fields.get('BX')).toEqual(['Y'.repeat(16)]);
        expect(fields.get('AN')).toEqual(['Riverside Circulation Desk']);
        await client.close();
      } finally {
        await server.close();
      }
    } finally {
      await database.dispose();
    }
  }, 120_000);
});

describe('carrel sip-account', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-sip-cli-'));
  const carrel = (args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(root, 'bin/carrel.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CARREL_DATA_DIR: dataDir, DATABASE_URL: '' },
      timeout: 120_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('adds, lists and disables accounts, and explains mistakes', () => {
    expect(carrel(['seed', '--demo', '--items', '20', '--patrons', '5']).status).toBe(0);
    const added = carrel(['sip-account', 'add', '--institution', 'WVC', '--username', 'printing', '--password', 'print-secret', '--service-point', 'RIV-CIRC', '--messages', '23,63,37', '--charset', 'latin1', '--no-patron-details', '--require-pin']);
    expect(added.status, added.output).toBe(0);
    expect(added.output).toContain('Created SIP account printing at WVC (RIV-CIRC): messages 93,99,97,23,63,37,35');
    const list = carrel(['sip-account', 'list', '--institution', 'WVC']);
    expect(list.output).toContain('kiosk  WVC/RIV-CIRC');
    expect(list.output).toContain('printing  WVC/RIV-CIRC  messages 93,99,97,23,63,37,35  enabled, latin1, no patron details, PIN required');
    const sorter = carrel(['sip-account', 'add', '--institution', 'WVC', '--username', 'sorter', '--password', 'sort-secret', '--service-point', 'RIV-CIRC', '--patron-details-without-pin', '--check-in-not-on-loan-ok']);
    expect(sorter.status, sorter.output).toBe(0);
    const listed = carrel(['sip-account', 'list', '--institution', 'WVC']).output;
    expect(listed).toContain('enabled, latin1, no patron details, PIN required, check-in not on loan refused');
    expect(listed).toMatch(/sorter {2}WVC\/RIV-CIRC .* enabled, utf-8, patron details without PIN, PIN optional, check-in not on loan ok/);
    expect(listed).toMatch(/kiosk {2}WVC\/RIV-CIRC .* enabled, utf-8, patron details with PIN, PIN optional, check-in not on loan refused/);
    expect(carrel(['sip-account', 'add', '--institution', 'WVC', '--username', 'other', '--password', 'x-secret', '--service-point', 'NOWHERE']).output).toContain('SERVICE_POINT_NOT_FOUND');
    expect(carrel(['sip-account', 'add', '--institution', 'WVC', '--username', 'other', '--password', 'x-secret', '--service-point', 'RIV-CIRC', '--messages', '11,42']).output).toContain('Unknown SIP2 messages: 42');
    expect(carrel(['sip-account', 'disable', '--institution', 'WVC', '--username', 'printing']).output).toContain('Disabled SIP account printing at WVC.');
  }, 240_000);
});

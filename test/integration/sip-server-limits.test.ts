import net from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { SipServer } from '../../src/modules/sip/sip-server.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeSipAccount, startTestSipServer } from '../support/factories/sip.ts';
import { connectSip, type SipClient } from '../support/sip-client.ts';

const when = '20260601    120000';

describeOnBothDatabases('SIP2 listener limits: slow readers, connections per address, the login timeout', (database) => {
  let library: InstitutionFixture;
  let account: Awaited<ReturnType<typeof makeSipAccount>>;
  const servers: SipServer[] = [];
  const clients: SipClient[] = [];

  async function server(options: Parameters<typeof startTestSipServer>[1] = {}) {
    const started = await startTestSipServer(database().db, options);
    servers.push(started);
    return started;
  }

  async function open(port: number, localAddress = '127.0.0.1') {
    const client = await connectSip(port, { localAddress });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    library = await makeInstitution(database().db);
    account = await makeSipAccount(database().db, library);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(servers.map((started) => started.close()));
  });

  it('stops reading from a client that sends but never reads, holding a bounded number of bytes, and answers everything once it reads', async () => {
    // Each 17 asks about an item with a 20,000-character title: 450 of them make about 9 MB of replies, more than the sockets' buffers hold.
    const item = await makeInstance(database().db, library, { title: `The Long Title ${'x'.repeat(20_000)}` });
    const listener = await server();
    const socket = net.connect({ port: listener.port, host: '127.0.0.1' });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.write(`9300CN${account.username}|CO${account.password}|\r`);
    await vi.waitFor(() => expect(received).toBe('941\r'), { timeout: 30_000 });
    socket.pause();
    const messages = 450;
    socket.write(`17${when}AO${library.code}|AB${item.barcodes[0]}|\r`.repeat(messages));
    await vi.waitFor(() => expect(listener.load().paused).toBe(1), { timeout: 120_000, interval: 50 });
    expect(listener.load().bufferedBytes).toBeLessThan(256 * 1024);
    socket.resume();
    await vi.waitFor(() => expect(received.split('\r').length - 1).toBe(messages + 1), { timeout: 240_000, interval: 100 });
    expect(received.split('\r').slice(1, -1).every((reply) => reply.startsWith('18') && reply.includes('|AJThe Long Title x'))).toBe(true);
    socket.destroy();
  }, 300_000);

  it('closes a connection over the limit for one client address at once; other addresses and freed places are served', async () => {
    const listener = await server({ maxConnectionsPerAddress: 3 });
    const first = [await open(listener.port), await open(listener.port), await open(listener.port)];
    const fourth = await open(listener.port);
    await expect(fourth.closed).resolves.toBeUndefined();
    for (const client of first) expect((await client.send('9900302.00')).slice(0, 2)).toBe('98');
    expect((await (await open(listener.port, '127.0.0.2')).send('9900302.00')).slice(0, 2)).toBe('98');
    await first[0]!.close();
    await vi.waitFor(() => expect(listener.load().connections).toBe(3), { timeout: 10_000 });
    expect((await (await open(listener.port)).send('9900302.00')).slice(0, 2)).toBe('98');
  }, 60_000);

  it('closes a connection that has not logged in within the login timeout, even if it sends other messages', async () => {
    const listener = await server({ loginTimeoutMs: 300 });
    const silent = await open(listener.port);
    const chatty = await open(listener.port);
    expect((await chatty.send('9900302.00')).slice(0, 2)).toBe('98');
    const kiosk = await open(listener.port);
    expect(await kiosk.send(`9300CN${account.username}|CO${account.password}|`)).toBe('941');
    await expect(silent.closed).resolves.toBeUndefined();
    await expect(chatty.closed).resolves.toBeUndefined();
    // The kiosk that logged in outlives the login timeout.
    expect((await kiosk.send('9900302.00')).slice(0, 2)).toBe('98');
  }, 60_000);
});

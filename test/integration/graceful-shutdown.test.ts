import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { createTestDatabase } from '../support/databases.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeSipAccount, startTestSipServer } from '../support/factories/sip.ts';
import { killAllCarrelProcesses, startCarrelNode, type CarrelNodeProcess } from '../support/carrel-process.ts';
import { createSharedTestDatabase, makeBusyLibrary, type BusyLibrary, type SharedTestDatabase } from '../support/factories/busy-library.ts';
import { connectSip } from '../support/sip-client.ts';

/** A POST whose body arrives in two parts: the request is in flight between them. */
function slowPost(baseUrl: string, path: string, body: string) {
  const url = new URL(path, baseUrl);
  const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  return { answer, finish: () => request.end(body.slice(half)) };
}

describe('carrel serve stops gracefully on SIGTERM', () => {
  let shared: SharedTestDatabase;
  let shelf: BusyLibrary;
  let node: CarrelNodeProcess;

  beforeAll(async () => {
    shared = await createSharedTestDatabase('sqlite');
    shelf = await makeBusyLibrary(shared.database, { desks: 1, items: 1, patrons: 1 });
    node = await startCarrelNode(shared.target, { roles: 'web,sip,jobs', env: { SHUTDOWN_GRACE_SECONDS: '8' } });
  }, 90_000);

  afterAll(async () => {
    await killAllCarrelProcesses();
    await shared?.dispose();
  });

  it('answers the request in flight, ends the kiosk connection cleanly and exits 0', { timeout: 60_000 }, async () => {
    const kiosk = await connectSip(node.sipPort!);
    expect(await kiosk.send(`9300CN${shelf.kiosk.username}|CO${shelf.kiosk.password}|CPCIRC|`)).toBe('941');
    const signIn = slowPost(node.baseUrl, '/api/v1/auth/sign-in', JSON.stringify({ username: shelf.desks[0]!.username, password: shelf.desks[0]!.password }));
    // let the server take in the first half, so the request is in flight when the signal arrives
    await new Promise((resolve) => setTimeout(resolve, 500));
    node.child.kill('SIGTERM');
    const signalled = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    signIn.finish();
    const reply = await signIn.answer;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).csrfToken).toEqual(expect.any(String));
    await kiosk.closed;
    const exit = await node.exited;
    // well before the grace period ends: nothing had to be cut
    expect(Date.now() - signalled).toBeLessThan(8000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(node.output()).toMatch(/SIGTERM: finishing the work in flight/);
    expect(node.output()).toMatch(/Carrel stopped\./);
    // no longer listening
    await expect(fetch(`${node.baseUrl}/healthz`)).rejects.toThrow();
  });
});

describe('a second signal', () => {
  afterAll(killAllCarrelProcesses);

  it('stops at once, without waiting for the grace period', { timeout: 90_000 }, async () => {
    const shared = await createSharedTestDatabase('sqlite');
    try {
      const node = await startCarrelNode(shared.target, { roles: 'web', env: { SHUTDOWN_GRACE_SECONDS: '60' } });
      const stuck = slowPost(node.baseUrl, '/api/v1/auth/sign-in', JSON.stringify({ username: 'nobody', password: 'never finished' }));
      stuck.answer.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      node.child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const signalled = Date.now();
      node.child.kill('SIGINT');
      expect(await node.exited).toEqual({ code: 1, signal: null });
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(node.output()).toMatch(/SIGINT again: stopping now/);
    } finally {
      await shared.dispose();
    }
  });
});

describe('closing the SIP2 listener with a grace period', () => {
  it('answers the message being worked on, then ends the connection', { timeout: 30_000 }, async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const library = await makeInstitution(database.db);
      const account = await makeSipAccount(database.db, library);
      // hold the database's answers while `held` is set, so a message is surely in flight when close() is called
      let held: { release(): void; seen(): void } | undefined;
      let seen: Promise<void> | undefined;
      let release: Promise<void> | undefined;
      const holding: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          if (held) {
            held.seen();
            await release;
          }
          return args.result;
        },
      };
      const server = await startTestSipServer(database.db.withPlugin(holding));
      const kiosk = await connectSip(server.port);
      expect(await kiosk.send(`9300CN${account.username}|CO${account.password}|CPCIRC|`)).toBe('941');
      seen = new Promise<void>((resolveSeen) => {
        release = new Promise<void>((resolveRelease) => (held = { seen: resolveSeen, release: resolveRelease }));
      });
      const status = kiosk.send('9900802.00');
      await seen;
      const closing = server.close({ graceMs: 10_000 });
      held!.release();
      held = undefined;
      expect((await status).slice(0, 2)).toBe('98');
      await kiosk.closed;
      await closing;
    } finally {
      await database.dispose();
    }
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startSipServer } from '../../src/modules/sip/sip-server.ts';
import { SipSession } from '../../src/modules/sip/sip-session.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeSipAccount, recordingSipLogger } from '../support/factories/sip.ts';
import { testEventBus } from '../support/service-context.ts';
import { requestQueueForCirculation } from '../../src/modules/requests/index.ts';
import { loanNoticesForCirculation } from '../../src/modules/notices/index.ts';

const when = '20260601    120000';

describeOnBothDatabases('SIP2 server: failing handlers and TLS', (database) => {
  let library: InstitutionFixture;
  let account: Awaited<ReturnType<typeof makeSipAccount>>;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-sip-tls-'));

  beforeAll(async () => {
    library = await makeInstitution(database().db);
    account = await makeSipAccount(database().db, library);
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  function session(handlers: ConstructorParameters<typeof SipSession>[0]['handlers'], logger = recordingSipLogger()) {
    return new SipSession({ db: database().db, clock: systemClock, events: testEventBus(), requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation, config: loadConfig({}), logger, handlers });
  }

  it('answers a handler that throws with the command’s negative response, logged, never a crash', async () => {
    const logger = recordingSipLogger();
    const kiosk = session(
      {
        '23': async () => {
          throw new Error('database went away');
        },
        '63': async () => {
          throw new DomainError('PATRON_NOT_FOUND', 'There is no such patron.');
        },
      },
      logger,
    );
    expect((await kiosk.answer(Buffer.from(`9300CN${account.username}|CO${account.password}|`))).toString()).toBe('941\r');
    const failed = (await kiosk.answer(Buffer.from(`23001${when}AO${library.code}|AA123|`))).toString();
    expect(failed).toMatch(/^24YYYY {10}000\d{8} {4}\d{6}AO/);
    expect(failed).toContain('|AFSomething went wrong. Please ask at the desk.|');
    expect(logger.lines.some((line) => line.startsWith('error SIP message failed') && line.includes('database went away'))).toBe(true);
    const refused = (await kiosk.answer(Buffer.from(`63001${when}${' '.repeat(10)}AO${library.code}|AA123|`))).toString();
    expect(refused.slice(0, 2)).toBe('64');
    expect(refused).toContain('|AFYour card was not recognised. Please ask at the desk.|');
    expect(logger.lines.join('\n')).not.toContain(account.password);
  });

  it('serves SIP2 over TLS with the configured certificate and key', async () => {
    const key = path.join(folder, 'sip.key');
    const cert = path.join(folder, 'sip.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const server = await startSipServer({
      db: database().db, clock: systemClock, requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation, config: loadConfig({}), logger: recordingSipLogger(), port: 0, host: '127.0.0.1',
      tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
    });
    try {
      const socket = tls.connect({ port: server.port, host: '127.0.0.1', ca: fs.readFileSync(cert), servername: 'localhost' });
      const reply = await new Promise<string>((resolve, reject) => {
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString('utf8');
          if (text.endsWith('\r')) resolve(text);
        });
        socket.on('error', reject);
        socket.once('secureConnect', () => socket.write(`9300CN${account.username}|CO${account.password}|\r`));
      });
      expect(reply).toBe('941\r');
      socket.destroy();
    } finally {
      await server.close();
    }
  });
});

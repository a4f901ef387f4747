import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { createSipAccount } from '../modules/sip/index.ts';
import { sipDateTime } from '../modules/sip/index.ts';
import { systemClock } from '../platform/clock.ts';

/** A self-check kiosk speaking SIP2 over TCP on loopback, one message at a time as a kiosk does. */
export interface SipKiosk {
  send(text: string): Promise<string>;
  close(): void;
}

export interface KioskAccount {
  username: string;
  password: string;
  institutionCode: string;
  servicePointCode: string;
  timeZone: string;
}

export async function connectKiosk(port: number): Promise<SipKiosk> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  let pending = '';
  const waiting: { resolve(reply: string): void; reject(error: Error): void }[] = [];
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let end = pending.indexOf('\r'); end >= 0; end = pending.indexOf('\r')) {
      const reply = pending.slice(0, end);
      pending = pending.slice(end + 1);
      waiting.shift()?.resolve(reply);
    }
  });
  const failAll = (error: Error) => {
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  };
  socket.on('error', failAll);
  socket.on('close', () => failAll(new Error('the SIP2 connection closed')));
  return {
    send: (text) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        socket.write(`${text}\r`);
      }),
    close: () => socket.destroy(),
  };
}

/** A SIP2 account for benchmark kiosks at the given desk. */
export async function createKioskAccount(db: Kysely<Database>, institutionId: string, servicePointId: string): Promise<KioskAccount> {
  const institution = await db.selectFrom('institution').select(['code', 'time_zone']).where('id', '=', institutionId).executeTakeFirstOrThrow();
  const desk = await db.selectFrom('service_point').select('code').where('id', '=', servicePointId).executeTakeFirstOrThrow();
  const username = `bench-kiosk-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const system = { kind: 'system' as const, id: null, name: 'bench', institutionId };
  await createSipAccount(db, systemClock, system, { institutionId, username, password, servicePointCode: desk.code });
  return { username, password, institutionCode: institution.code, servicePointCode: desk.code, timeZone: institution.time_zone };
}

const blankDate = ' '.repeat(18);

/** The messages a kiosk sends, and how to tell an accepted reply. */
export function kioskMessages(account: KioskAccount) {
  const now = () => sipDateTime(new Date(), account.timeZone);
  const ao = `AO${account.institutionCode}`;
  return {
    login: () => `9300CN${account.username}|CO${account.password}|CP${account.servicePointCode}|`,
    checkOut: (patron: string, item: string) => `11NN${now()}${blankDate}${ao}|AA${patron}|AB${item}|AC|`,
    checkIn: (item: string) => `09N${now()}${now()}AP|${ao}|AB${item}|AC|`,
    renew: (patron: string, item: string) => `29NN${now()}${blankDate}${ao}|AA${patron}|AB${item}|AC|`,
    patronInformation: (patron: string) => `63001${now()}          ${ao}|AA${patron}|AC|`,
    feePaid: (patron: string, cents: number) => `37${now()}0100   BV${(cents / 100).toFixed(2)}|${ao}|AA${patron}|AC|`,
  };
}

/** Accepted: checkout 121, checkin 101, renew 301, fee paid 38Y, patron information 64, login 941. */
export function sipAccepted(reply: string): boolean {
  return /^(121|101|301|38Y|64|941)/.test(reply);
}

/** A well-formed refusal (ok flag 0 / N): the kiosk tells the patron to see staff. */
export function sipRefused(reply: string): boolean {
  return /^(120|100|300|38N|940)/.test(reply);
}

export async function loggedInKiosk(port: number, account: KioskAccount): Promise<SipKiosk> {
  const kiosk = await connectKiosk(port);
  const reply = await kiosk.send(kioskMessages(account).login());
  if (!reply.startsWith('941')) {
    kiosk.close();
    throw new Error(`the benchmark kiosk could not log in: ${reply}`);
  }
  return kiosk;
}

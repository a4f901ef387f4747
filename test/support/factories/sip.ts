import type { Kysely } from 'kysely';
import { loadConfig } from '../../../src/config.ts';
import type { Database } from '../../../src/db/schema.ts';
import { createSipAccount, type SipAccountView } from '../../../src/modules/sip/sip-account.service.ts';
import type { SipCharset } from '../../../src/modules/sip/sip-contract.ts';
import { startSipServer, type SipServer } from '../../../src/modules/sip/sip-server.ts';
import type { SipLogger } from '../../../src/modules/sip/sip-session.ts';
import { systemClock, type Clock } from '../../../src/platform/clock.ts';
import type { InstitutionFixture } from './institution.ts';
import { requestQueueForCirculation } from '../../../src/modules/requests/index.ts';
import { loanNoticesForCirculation } from '../../../src/modules/notices/index.ts';

let counter = 0;

export interface SipAccountOptions {
  username?: string;
  password?: string;
  /** Request messages it may use; every message when left out. */
  messages?: string[];
  seesPatronDetails?: boolean;
  charset?: SipCharset;
  requiresPatronPin?: boolean;
  /** false: send patron details without the patron's PIN (the default needs the PIN). */
  patronDetailsNeedPin?: boolean;
  /** true: a check-in of an item that was not on loan answers ok 1. */
  checkInNotOnLoanOk?: boolean;
  /** Service point code; the institution's main desk ('CIRC') unless given. */
  servicePointCode?: string;
}

/** A SIP account of the institution (every message, UTF-8, no PIN needed unless told); returns its password too. */
export async function makeSipAccount(
  db: Kysely<Database>,
  institution: Pick<InstitutionFixture, 'institutionId'>,
  options: SipAccountOptions = {},
): Promise<SipAccountView & { password: string }> {
  counter += 1;
  const password = options.password ?? `kiosk-secret-${counter}`;
  const view = await createSipAccount(db, systemClock, { kind: 'system', id: null, name: 'test', institutionId: institution.institutionId }, {
    institutionId: institution.institutionId,
    username: options.username ?? `kiosk${counter}`,
    password,
    servicePointCode: options.servicePointCode ?? 'CIRC',
    allowedMessages: options.messages,
    seesPatronDetails: options.seesPatronDetails,
    charset: options.charset,
    requiresPatronPin: options.requiresPatronPin,
    patronDetailsNeedPin: options.patronDetailsNeedPin,
    checkInNotOnLoanOk: options.checkInNotOnLoanOk,
  });
  return { ...view, password };
}

/** A logger that keeps what it is told, so tests can check that secrets never reach the log. */
export function recordingSipLogger(lines: string[] = []): SipLogger & { lines: string[] } {
  const keep = (level: string) => (details: object, message?: string) => {
    lines.push(`${level} ${message ?? ''} ${JSON.stringify(details, (_key, value) => (value instanceof Error ? value.message : value))}`);
  };
  const logger = { lines, info: keep('info'), warn: keep('warn'), error: keep('error'), debug: keep('debug'), child: () => logger };
  return logger;
}

/** A SIP2 server on a free port for the suite's database. */
export async function startTestSipServer(
  db: Kysely<Database>,
  options: { clock?: Clock; idleTimeoutMs?: number; logger?: SipLogger; loginTimeoutMs?: number; maxConnectionsPerAddress?: number; smtpUrl?: string } = {},
): Promise<SipServer> {
  return startSipServer({
    db,
    clock: options.clock ?? systemClock,
    requestQueue: requestQueueForCirculation, loanNotices: loanNoticesForCirculation,
    config: { ...loadConfig({}), ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}) },
    logger: options.logger ?? recordingSipLogger(),
    port: 0,
    host: '127.0.0.1',
    idleTimeoutMs: options.idleTimeoutMs ?? 0,
    loginTimeoutMs: options.loginTimeoutMs,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress,
  });
}

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type CarrelConfig } from '../../src/config.ts';
import type { CarrelDatabase } from '../../src/db/database.ts';
import { buildApp, type BuiltApp } from '../../src/http/app.ts';
import { systemClock, type Clock } from '../../src/platform/clock.ts';

/** The app on a test database; `config` overrides settings such as smtpUrl. */
export async function buildTestApp(database: CarrelDatabase, clock: Clock = systemClock, config: Partial<CarrelConfig> = {}): Promise<BuiltApp> {
  return buildApp({ database, clock, config: { ...loadConfig({}), ...config }, logger: false });
}

/** A signed-in staff member's session: call the API as them, with cookie and CSRF token. */
export interface StaffSession {
  cookie: string;
  csrfToken: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signInAs(app: FastifyInstance, username: string, password: string): Promise<StaffSession> {
  const reply = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
  if (reply.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${reply.statusCode} ${reply.body}`);
  return sessionOfSignIn(app, reply);
}

function sessionOfSignIn(app: FastifyInstance, reply: LightMyRequestResponse): StaffSession {
  const setCookie = reply.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';
  const csrfToken = reply.json().csrfToken as string;
  return {
    cookie,
    csrfToken,
    request: (options) => app.inject({ ...options, headers: { ...(options.headers ?? {}), cookie, 'x-csrf-token': csrfToken } }),
  };
}

/** A patron signed in to the portal: call the portal API as them, with the portal cookie and CSRF token. */
export async function signInToPortalAs(app: FastifyInstance, library: string, barcode: string, pin: string): Promise<StaffSession> {
  const reply = await app.inject({ method: 'POST', url: '/api/v1/portal/sign-in', payload: { library, barcode, pin } });
  if (reply.statusCode !== 200) throw new Error(`portal sign-in as ${barcode} failed: ${reply.statusCode} ${reply.body}`);
  return sessionOfSignIn(app, reply);
}

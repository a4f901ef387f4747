import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** What one `carrel serve` node does: web (staff client and API), sip (SIP2 listener), jobs (the daily scheduler). */
export const serveRoles = ['web', 'sip', 'jobs'] as const;
export type ServeRole = (typeof serveRoles)[number];

/** LOG_FORMAT: auto is readable lines at a terminal and JSON otherwise. */
export const logFormats = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof logFormats)[number];

/** 'web,sip' → ['web', 'sip']; undefined when the list is empty or names an unknown role. */
export function parseServeRoles(list: string): ServeRole[] | undefined {
  const names = list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 0 || !names.every((name): name is ServeRole => (serveRoles as readonly string[]).includes(name))) return undefined;
  return serveRoles.filter((role) => names.includes(role));
}

/** 'off' → false, 'on' → true (trust every proxy), else the listed proxy addresses; undefined when malformed. */
export function parseTrustProxy(value: string): boolean | string[] | undefined {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'off') return false;
  if (trimmed === 'on') return true;
  const addresses = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const isAddress = (entry: string) => {
    const [address, prefix, ...rest] = entry.split('/');
    if (rest.length > 0 || !address || net.isIP(address) === 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (net.isIPv4(address) ? 32 : 128));
  };
  return addresses.length > 0 && addresses.every(isAddress) ? addresses : undefined;
}

/** Environment settings, validated once at start so a typo fails loudly instead of later. */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CARREL_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL (leave unset for the embedded SQLite database)')
    .optional(),
  SIP_PORT: z.coerce.number().int().min(0).max(65535).default(6001),
  SIP_TLS_CERT: z.string().refine(isReadableFile, 'must be a readable PEM certificate file').optional(),
  SIP_TLS_KEY: z.string().refine(isReadableFile, 'must be a readable PEM private key file').optional(),
  SIP_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  SIP_LOGIN_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  SIP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  SMTP_URL: z
    .string()
    .refine((url) => /^smtps?:\/\//.test(url), 'must be an smtp:// or smtps:// URL')
    .optional(),
  CARREL_TIME_ZONE: z
    .string()
    .refine(isKnownTimeZone, 'must be an IANA time zone such as America/Los_Angeles')
    .default('America/Los_Angeles'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(logFormats).default('auto'),
  CARREL_SCHEDULER: z.enum(['on', 'off']).default('on'),
  CARREL_ROLES: z.string().refine((list) => parseServeRoles(list) !== undefined, `must be a comma-separated list of ${serveRoles.join(', ')}`).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  TRUST_PROXY: z
    .string()
    .refine((value) => parseTrustProxy(value) !== undefined, "must be 'on', 'off' or a comma-separated list of proxy addresses (IPs or CIDR ranges)")
    .default('off'),
  STAFF_SESSION_MAX_HOURS: z.coerce.number().min(1).max(168).default(12),
  CARREL_PUBLIC_URL: z
    .string()
    .refine((url) => /^https?:\/\/[^/\s]+/.test(url), 'must be the address staff open, such as https://library.example.edu')
    .optional(),
});

export interface CarrelConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sipPort: number;
  /** PEM files: when both are set, SIP2 is served over TLS. */
  sipTlsCert: string | undefined;
  sipTlsKey: string | undefined;
  /** A SIP2 connection silent this long is closed (0: never). */
  sipIdleTimeoutSeconds: number;
  /** A SIP2 connection that has not logged in this long after connecting is closed (0: never). */
  sipLoginTimeoutSeconds: number;
  /** Open SIP2 connections one client address may hold; more are closed at once. */
  sipMaxConnectionsPerAddress: number;
  smtpUrl: string | undefined;
  defaultTimeZone: string;
  logLevel: string;
  /** auto: readable lines at a terminal, JSON otherwise; pretty or json to choose. */
  logFormat: LogFormat;
  /** Whether `carrel serve` runs the daily jobs itself (off when cron or another node does). */
  scheduler: boolean;
  /** CARREL_ROLES; `carrel serve --roles` overrides it. CARREL_SCHEDULER=off drops 'jobs'. */
  roles: ServeRole[];
  /** PostgreSQL connections per node. */
  databasePoolSize: number;
  /** PostgreSQL statement_timeout of every connection (0: none); SQLite keeps its busy timeout. */
  databaseStatementTimeoutMs: number;
  /** How long `carrel serve` lets in-flight requests, SIP messages and a running job finish on SIGTERM. */
  shutdownGraceSeconds: number;
  /** Whom to believe about the client address in X-Forwarded-For: nobody, every proxy, or these addresses. */
  trustProxy: boolean | string[];
  /** A staff session ends this long after sign-in, however busy it is (it also ends after 12 idle hours). */
  staffSessionMaxHours: number;
  /** CARREL_PUBLIC_URL: where staff and patrons open Carrel; https:// marks session cookies Secure even without TRUST_PROXY. */
  publicUrl: string | undefined;
}

export class ConfigError extends Error {}

function isReadableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): CarrelConfig {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(present[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Carrel cannot start: bad configuration in the environment.\n${problems.join('\n')}`);
  }
  const settings = parsed.data;
  if (Boolean(settings.SIP_TLS_CERT) !== Boolean(settings.SIP_TLS_KEY)) {
    throw new ConfigError('Carrel cannot start: bad configuration in the environment.\n  SIP_TLS_CERT and SIP_TLS_KEY: set both (TLS for SIP2) or neither (plain TCP).');
  }
  return {
    port: settings.PORT,
    host: settings.HOST,
    dataDir: path.resolve(settings.CARREL_DATA_DIR),
    databaseUrl: settings.DATABASE_URL,
    sipPort: settings.SIP_PORT,
    sipTlsCert: settings.SIP_TLS_CERT ? path.resolve(settings.SIP_TLS_CERT) : undefined,
    sipTlsKey: settings.SIP_TLS_KEY ? path.resolve(settings.SIP_TLS_KEY) : undefined,
    sipIdleTimeoutSeconds: settings.SIP_IDLE_TIMEOUT_SECONDS,
    sipLoginTimeoutSeconds: settings.SIP_LOGIN_TIMEOUT_SECONDS,
    sipMaxConnectionsPerAddress: settings.SIP_MAX_CONNECTIONS_PER_ADDRESS,
    smtpUrl: settings.SMTP_URL,
    defaultTimeZone: settings.CARREL_TIME_ZONE,
    logLevel: settings.LOG_LEVEL,
    logFormat: settings.LOG_FORMAT,
    scheduler: settings.CARREL_SCHEDULER === 'on',
    roles: settings.CARREL_ROLES ? parseServeRoles(settings.CARREL_ROLES)! : [...serveRoles],
    databasePoolSize: settings.DATABASE_POOL_SIZE,
    databaseStatementTimeoutMs: settings.DATABASE_STATEMENT_TIMEOUT_MS,
    shutdownGraceSeconds: settings.SHUTDOWN_GRACE_SECONDS,
    trustProxy: parseTrustProxy(settings.TRUST_PROXY)!,
    staffSessionMaxHours: settings.STAFF_SESSION_MAX_HOURS,
    publicUrl: settings.CARREL_PUBLIC_URL,
  };
}

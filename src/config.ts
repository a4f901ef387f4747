import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

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
  SMTP_URL: z
    .string()
    .refine((url) => /^smtps?:\/\//.test(url), 'must be an smtp:// or smtps:// URL')
    .optional(),
  CARREL_TIME_ZONE: z
    .string()
    .refine(isKnownTimeZone, 'must be an IANA time zone such as America/Los_Angeles')
    .default('America/Los_Angeles'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CARREL_SCHEDULER: z.enum(['on', 'off']).default('on'),
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
  smtpUrl: string | undefined;
  defaultTimeZone: string;
  logLevel: string;
  /** Whether `carrel serve` runs the daily jobs itself (off when cron or another node does). */
  scheduler: boolean;
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
    smtpUrl: settings.SMTP_URL,
    defaultTimeZone: settings.CARREL_TIME_ZONE,
    logLevel: settings.LOG_LEVEL,
    scheduler: settings.CARREL_SCHEDULER === 'on',
  };
}

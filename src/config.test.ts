import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', sipPort: 6001, databaseUrl: undefined, defaultTimeZone: 'America/Los_Angeles' });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('switches to PostgreSQL with a postgres:// URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://carrel@db/carrel' }).databaseUrl).toBe('postgres://carrel@db/carrel');
  });

  it('names every bad value in one clear message', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CARREL_TIME_ZONE: 'Mars/Olympus' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT="eighty"/);
    expect(attempt).toThrow(/DATABASE_URL/);
    expect(attempt).toThrow(/CARREL_TIME_ZONE="Mars\/Olympus": must be an IANA time zone/);
  });
});

describe('SIP2 settings', () => {
  it('listens on 6001 over plain TCP and closes connections idle for ten minutes by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ sipPort: 6001, sipTlsCert: undefined, sipTlsKey: undefined, sipIdleTimeoutSeconds: 600 });
  });

  it('takes the idle timeout in seconds, 0 meaning never', () => {
    expect(loadConfig({ SIP_IDLE_TIMEOUT_SECONDS: '0' }).sipIdleTimeoutSeconds).toBe(0);
    expect(loadConfig({ SIP_IDLE_TIMEOUT_SECONDS: '90' }).sipIdleTimeoutSeconds).toBe(90);
    expect(() => loadConfig({ SIP_IDLE_TIMEOUT_SECONDS: 'soon' })).toThrow(/SIP_IDLE_TIMEOUT_SECONDS="soon"/);
  });

  it('serves TLS when both the certificate and the key files are readable', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carrel-sip-tls-'));
    const cert = path.join(folder, 'sip.crt');
    const key = path.join(folder, 'sip.key');
    fs.writeFileSync(cert, 'certificate');
    fs.writeFileSync(key, 'key');
    expect(loadConfig({ SIP_TLS_CERT: cert, SIP_TLS_KEY: key })).toMatchObject({ sipTlsCert: cert, sipTlsKey: key });
    expect(() => loadConfig({ SIP_TLS_CERT: cert })).toThrow(/set both/);
    expect(() => loadConfig({ SIP_TLS_CERT: path.join(folder, 'missing.crt'), SIP_TLS_KEY: key })).toThrow(/SIP_TLS_CERT=.*readable PEM certificate/);
  });
});

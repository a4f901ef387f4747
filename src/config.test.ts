import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseServeRoles, parseTrustProxy } from './config.ts';

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
    expect(loadConfig({})).toMatchObject({ sipLoginTimeoutSeconds: 30, sipMaxConnectionsPerAddress: 50 });
    expect(loadConfig({ SIP_LOGIN_TIMEOUT_SECONDS: '10', SIP_MAX_CONNECTIONS_PER_ADDRESS: '4' })).toMatchObject({ sipLoginTimeoutSeconds: 10, sipMaxConnectionsPerAddress: 4 });
    expect(() => loadConfig({ SIP_MAX_CONNECTIONS_PER_ADDRESS: '0' })).toThrow(/SIP_MAX_CONNECTIONS_PER_ADDRESS="0"/);
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

describe('settings for several app nodes', () => {
  it('runs web, SIP2 and the jobs on one node with a pool of ten, a 30 s statement timeout and a 10 s shutdown grace by default', () => {
    expect(loadConfig({})).toMatchObject({
      roles: ['web', 'sip', 'jobs'],
      databasePoolSize: 10,
      databaseStatementTimeoutMs: 30_000,
      shutdownGraceSeconds: 10,
      trustProxy: false,
    });
  });

  it('takes the roles of a node from CARREL_ROLES, in any order and case, and names an unknown role', () => {
    expect(loadConfig({ CARREL_ROLES: 'jobs' }).roles).toEqual(['jobs']);
    expect(loadConfig({ CARREL_ROLES: ' SIP , web ' }).roles).toEqual(['web', 'sip']);
    expect(() => loadConfig({ CARREL_ROLES: 'web,printing' })).toThrow(/CARREL_ROLES="web,printing": must be a comma-separated list of web, sip, jobs/);
    expect(() => loadConfig({ CARREL_ROLES: ',' })).toThrow(/CARREL_ROLES/);
  });

  it('parses role lists the way --roles does', () => {
    expect(parseServeRoles('web,sip,jobs')).toEqual(['web', 'sip', 'jobs']);
    expect(parseServeRoles('jobs,web')).toEqual(['web', 'jobs']);
    expect(parseServeRoles('kiosk')).toBeUndefined();
    expect(parseServeRoles('')).toBeUndefined();
  });

  it('validates the pool size, statement timeout and shutdown grace', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '40', DATABASE_STATEMENT_TIMEOUT_MS: '0', SHUTDOWN_GRACE_SECONDS: '2.5' })).toMatchObject({
      databasePoolSize: 40,
      databaseStatementTimeoutMs: 0,
      shutdownGraceSeconds: 2.5,
    });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE="0"/);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS="-1"/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: 'a while' })).toThrow(/SHUTDOWN_GRACE_SECONDS="a while"/);
  });

  it('trusts X-Forwarded-For from nobody by default, from every proxy with on, or from the proxies listed', () => {
    expect(loadConfig({ TRUST_PROXY: 'on' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.5', '192.168.0.0/16', '::1']);
    expect(parseTrustProxy('10.0.0.0/33')).toBeUndefined();
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY="yes please": must be 'on', 'off' or a comma-separated list/);
  });
});

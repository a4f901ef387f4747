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

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { rolesOfNode } from './serve-node.ts';

describe('the roles a carrel serve node runs', () => {
  it('runs the staff client and API, SIP2 and the daily jobs unless told otherwise', () => {
    expect(rolesOfNode(loadConfig({}), undefined)).toEqual(['web', 'sip', 'jobs']);
  });

  it('takes --roles over CARREL_ROLES', () => {
    expect(rolesOfNode(loadConfig({ CARREL_ROLES: 'web' }), undefined)).toEqual(['web']);
    expect(rolesOfNode(loadConfig({ CARREL_ROLES: 'web' }), 'jobs')).toEqual(['jobs']);
  });

  it('leaves the jobs out when CARREL_SCHEDULER is off, as before roles existed', () => {
    expect(rolesOfNode(loadConfig({ CARREL_SCHEDULER: 'off' }), undefined)).toEqual(['web', 'sip']);
    expect(rolesOfNode(loadConfig({ CARREL_SCHEDULER: 'off' }), 'jobs,sip')).toEqual(['sip']);
  });

  it('names an unknown role and the roles there are', () => {
    expect(() => rolesOfNode(loadConfig({}), 'web,printing')).toThrow(ConfigError);
    expect(() => rolesOfNode(loadConfig({}), 'web,printing')).toThrow(/--roles "web,printing": must be a comma-separated list of web, sip, jobs/);
  });
});

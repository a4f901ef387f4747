import { describe, expect, it } from 'vitest';
import { describePath, formatProblem, parseLibraryConfig } from './library-config.parse.ts';

const problemsOf = (text: string) => parseLibraryConfig(text).problems.map((problem) => formatProblem('library.yaml', problem));

describe('reading a library configuration file', () => {
  it('reads policies with their settings filled in from the defaults', () => {
    const { config, problems } = parseLibraryConfig(
      ['loanPolicies:', '  - code: standard-loan', '    name: Standard loan', '    loanPeriod: { kind: rolling, period: { amount: 21, unit: days } }'].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(config?.loanPolicies?.[0]).toMatchObject({
      code: 'standard-loan',
      name: 'Standard loan',
      description: null,
      settings: { loanable: true, closedDayRule: 'end-of-next-open-day', renewals: { maxRenewals: 2 } },
    });
  });

  it('reads an empty file as a file with no sections', () => {
    expect(parseLibraryConfig('# nothing yet\n').config).toEqual({ version: 1 });
  });

  it('gives the line and column of a YAML syntax error', () => {
    expect(problemsOf('patronGroups:\n  - code: a\n   name: b\n')).toEqual([expect.stringMatching(/^library\.yaml:3:\d+ not valid YAML/)]);
  });

  it('points at the field of a policy setting that is wrong, with its path', () => {
    const text = [
      'loanPolicies:',
      '  - code: standard-loan',
      '    name: Standard loan',
      '    loanPeriod: { kind: rolling, period: { amount: 21, unit: days } }',
      '  - code: reserve',
      '    name: Reserve',
      '    loanPeriod: { kind: rolling, period: { amount: 2, unit: fortnights } }',
      '    closedDayRul: keep',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^library\.yaml:7:\d+ loanPolicies\[1\]\.loanPeriod\.period\.unit: /),
    ]);
  });

  it('reports a misspelt setting once the settings are otherwise valid', () => {
    const text = ['loanPolicies:', '  - code: x', '    name: X', '    loanable: false', '    renewals: { maxRenewal: 3 }'].join('\n');
    expect(problemsOf(text)).toEqual(["library.yaml:5:17 loanPolicies[0].renewals.maxRenewal: unknown setting"]);
  });

  it('reports missing fields and unknown sections', () => {
    const text = ['patronGroups:', '  - code: undergraduate', 'loanTypse: []'].join('\n');
    expect(problemsOf(text)).toEqual(['library.yaml:2:5 patronGroups[0].name: required', "library.yaml:3:1 loanTypse: unknown field"]);
  });

  it('follows YAML aliases, so closures can be written once for several desks', () => {
    const text = [
      'calendars:',
      '  - servicePoint: A',
      '    exceptions: &closures',
      '      - { name: Thanksgiving, from: 2026-11-26, to: 2026-11-27 }',
      '  - servicePoint: B',
      '    exceptions: *closures',
    ].join('\n');
    const { config } = parseLibraryConfig(text);
    expect(config?.calendars?.[1]?.exceptions).toEqual([{ name: 'Thanksgiving', from: '2026-11-26', to: '2026-11-27', opens: null, closes: null }]);
  });

  it('writes paths the way the file is read', () => {
    expect(describePath(['circulationRules', 3, 'loanPolicy'])).toBe('circulationRules[3].loanPolicy');
  });
});

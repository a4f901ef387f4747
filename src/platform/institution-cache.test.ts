import { describe, expect, it } from 'vitest';
import { fixedClock } from './clock.ts';
import { InstitutionCache } from './institution-cache.ts';

describe('the per-institution cache of rules and calendars', () => {
  it('loads once, keeps the value for its time to live on the clock it was given, then loads again', async () => {
    const clock = fixedClock('2026-12-03T17:00:00Z');
    const cache = new InstitutionCache<string>(clock, 10_000);
    let loads = 0;
    const load = async () => `rules v${(loads += 1)}`;
    expect(await cache.get('riverside', 'rules', load)).toBe('rules v1');
    clock.advance(9_999);
    expect(await cache.get('riverside', 'rules', load)).toBe('rules v1');
    clock.advance(1);
    expect(await cache.get('riverside', 'rules', load)).toBe('rules v2');
  });

  it('forgets one institution’s entries when told, and keeps the others’', async () => {
    const clock = fixedClock('2026-12-03T17:00:00Z');
    const cache = new InstitutionCache<string>(clock);
    let loads = 0;
    const load = async () => `v${(loads += 1)}`;
    expect(await cache.get('riverside', 'rules', load)).toBe('v1');
    expect(await cache.get('hillside', 'rules', load)).toBe('v2');
    cache.invalidate('riverside');
    expect(await cache.get('riverside', 'rules', load)).toBe('v3');
    expect(await cache.get('hillside', 'rules', load)).toBe('v2');
  });
});

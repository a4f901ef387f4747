import { describe, expect, it } from 'vitest';
import { portalFormats, todayIn } from './portal-formats.ts';

const westvale = { code: 'WVC', name: 'Westvale College', currency: 'USD', locale: 'en-US', timeZone: 'America/Los_Angeles' };
const harbour = { code: 'HBR', name: 'Harbour University', currency: 'GBP', locale: 'en-GB', timeZone: 'Europe/London' };
const now = new Date('2025-01-10T18:00:00Z');

describe('dates and money on the patron portal, in the library’s words', () => {
  it.each([
    ['a day loan due at 23:59 in Los Angeles (07:59 the next day in UTC)', westvale, '2025-01-15T07:59:00Z', 'Tuesday, January 14'],
    ['an hourly loan, with its time', westvale, '2025-01-14T22:30:00Z', 'Tuesday, January 14, 2:30 PM'],
    ['a loan due next year, with the year', westvale, '2026-01-06T07:59:00Z', 'Monday, January 5, 2026'],
    ['a day loan in London, the way a British library writes it', harbour, '2025-01-14T23:59:00Z', 'Tuesday 14 January'],
  ])('%s', (_case, library, dueAt, shown) => {
    // ICU versions differ on the space before AM/PM (U+202F or U+0020)
    expect(portalFormats(library, now).dueDate(dueAt).replace(/\s/g, ' ')).toBe(shown);
  });

  it('shows a calendar date as that day wherever the library is', () => {
    expect(portalFormats(westvale, now).calendarDate('2025-02-01')).toBe('Saturday, February 1');
  });

  it.each([
    [westvale, 350, '$3.50'],
    [harbour, 125_000, '£1,250.00'],
  ])('writes %j cents in the library’s currency', (library, cents, shown) => {
    expect(portalFormats(library, now).money(cents)).toBe(shown);
  });

  it('counts in English with the library’s digits', () => {
    const formats = portalFormats(westvale, now);
    expect(formats.count('portal.summary.itemsOut', 1)).toBe('1 item out');
    expect(formats.count('portal.summary.itemsOut', 1200)).toBe('1,200 items out');
    expect(formats.count('portal.search.allOut', 3, { copies: 3 })).toBe('All 3 copies are out');
  });

  it('knows today in the library’s zone, not the computer’s', () => {
    expect(todayIn('America/Los_Angeles', new Date('2025-01-11T03:00:00Z'))).toBe('2025-01-10');
    expect(todayIn('Europe/London', new Date('2025-01-11T03:00:00Z'))).toBe('2025-01-11');
  });
});

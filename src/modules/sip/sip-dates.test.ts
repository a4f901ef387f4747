import { describe, expect, it } from 'vitest';
import { parseSipDateTime, sipDateTime, sipNoDate } from './sip-dates.ts';

const zone = 'America/Los_Angeles';

describe('SIP dates in the institution time zone (Los Angeles)', () => {
  it.each([
    // Winter, PST (UTC-8).
    ['2024-01-15T18:30:00.000Z', '20240115    103000'],
    // The night before the spring change: 01:59:59 PST.
    ['2024-03-10T09:59:59.000Z', '20240310    015959'],
    // One second later the clocks jump to 03:00 PDT.
    ['2024-03-10T10:00:00.000Z', '20240310    030000'],
    // Summer, PDT (UTC-7), and a date that is still the previous day in Los Angeles.
    ['2024-07-01T03:15:00.000Z', '20240630    201500'],
    // The autumn change: 01:30 happens twice; the first is PDT, the second PST.
    ['2024-11-03T08:30:00.000Z', '20241103    013000'],
    ['2024-11-03T09:30:00.000Z', '20241103    013000'],
  ])('%s → %s', (instant, expected) => {
    expect(sipDateTime(instant, zone)).toBe(expected);
    expect(sipDateTime(new Date(instant), zone)).toBe(expected);
    expect(sipDateTime(instant, zone)).toHaveLength(18);
  });

  it('reads local dates back to the same instant, away from the repeated hour', () => {
    for (const instant of ['2024-01-15T18:30:00.000Z', '2024-03-10T10:00:00.000Z', '2024-07-01T03:15:00.000Z']) {
      expect(parseSipDateTime(sipDateTime(instant, zone), zone)).toBe(instant);
    }
  });

  it('reads a time inside the spring gap as the hour after', () => {
    expect(parseSipDateTime('20240310    023000', zone)).toBe('2024-03-10T10:30:00.000Z');
  });

  it.each([
    ['20240115    103000', '2024-01-15T18:30:00.000Z'],
    ['20240701    103000', '2024-07-01T17:30:00.000Z'],
    ['20240701   Z103000', '2024-07-01T10:30:00.000Z'],
    ['20240701UTC 103000', '2024-07-01T10:30:00.000Z'],
    ['20240701 UTC103000', '2024-07-01T10:30:00.000Z'],
    ['20240701 GMT103000', '2024-07-01T10:30:00.000Z'],
    ['20240701 PDT103000', '2024-07-01T17:30:00.000Z'],
    ['20240701103000', '2024-07-01T17:30:00.000Z'],
    ['20240701', '2024-07-01T07:00:00.000Z'],
  ])('parses %j as %s', (text, expected) => {
    expect(parseSipDateTime(text, zone)).toBe(expected);
  });

  it.each(['', '                  ', sipNoDate, '00000000    000000', '20241340    103000', 'tomorrow', '2024-07-01 10:30'])(
    'reads %j as no date',
    (text) => {
      expect(parseSipDateTime(text, zone)).toBeUndefined();
    },
  );

  it('writes blanks for an unreadable instant rather than a wrong date', () => {
    expect(sipDateTime('not a date', zone)).toBe(sipNoDate);
  });
});

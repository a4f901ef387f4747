import { describe, expect, it } from 'vitest';
import type { ServicePointCalendar } from '../org/index.ts';
import { holdShelfDeadline, holdSlipName, reorderProblem } from './request-queue.policy.ts';

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: opens, closesAt: closes }));

describe('the hold shelf deadline', () => {
  const calendar: ServicePointCalendar = { timeZone: 'America/Los_Angeles', hours: weekdays('09:00', '17:00'), exceptions: [] };

  it('counts open days only: placed on a Friday with 3 days, it is held until Wednesday closing', () => {
    // Friday 6 Nov 2026, 10:00 local
    const deadline = holdShelfDeadline(calendar, new Date('2026-11-06T18:00:00Z'), 3);
    expect(deadline.toISOString()).toBe('2026-11-12T01:00:00.000Z');
  });

  it('skips a closure', () => {
    const closed: ServicePointCalendar = { ...calendar, exceptions: [{ name: 'Holiday', kind: 'closed', startDate: '2026-11-09', endDate: '2026-11-09' }] };
    const deadline = holdShelfDeadline(closed, new Date('2026-11-06T18:00:00Z'), 1);
    expect(deadline.toISOString()).toBe('2026-11-11T01:00:00.000Z');
  });
});

describe('the hold slip', () => {
  it('names the patron by surname initials and the last four digits of the barcode', () => {
    expect(holdSlipName({ lastName: 'García Márquez', barcode: '29000001234' })).toBe('GM 1234');
    expect(holdSlipName({ lastName: 'Okafor-Obi', barcode: '1234567' })).toBe('OO 4567');
  });

  it('follows the format the library chose', () => {
    const patron = { lastName: 'Okafor', firstName: 'ada', barcode: '29000001234' };
    expect(holdSlipName(patron, 'full-name')).toBe('Okafor, ada');
    expect(holdSlipName(patron, 'last-name-first-initial')).toBe('Okafor, A.');
    expect(holdSlipName(patron, 'barcode-only-last-four')).toBe('1234');
    expect(holdSlipName(patron, 'initials-and-last-four')).toBe('O 1234');
  });
});

describe('reordering a queue', () => {
  it('accepts a permutation of the open requests and nothing else', () => {
    expect(reorderProblem(['a', 'b', 'c'], ['c', 'a', 'b'])).toBeNull();
    expect(reorderProblem(['a', 'b'], ['a', 'a'])).toMatch(/twice/);
    expect(reorderProblem(['a', 'b'], ['a', 'x'])).toMatch(/Not in this queue/);
    expect(reorderProblem(['a', 'b'], ['a'])).toMatch(/every open request/);
  });
});

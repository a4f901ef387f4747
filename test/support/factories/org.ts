import type { WeeklyHours } from '../../../src/modules/org/calendar.policy.ts';

/** The same hours on all seven days. */
export function everyDay(opensAt: string, closesAt: string): WeeklyHours[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt, closesAt }));
}

/** A usual college week: Monday–Friday 08:00–20:00, Saturday 10–12 and 13–17 (closed for lunch), closed Sunday. */
export const weekdaysAndSplitSaturday: WeeklyHours[] = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '20:00' })),
  { weekday: 6, opensAt: '10:00', closesAt: '12:00' },
  { weekday: 6, opensAt: '13:00', closesAt: '17:00' },
];

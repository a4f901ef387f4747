import type { HoldSlipFormat } from '../../db/schema.ts';
import { addDays, endOfOpenDay, isOpenOn, localDateOf, type ServicePointCalendar } from '../org/index.ts';

/** Pure rules of the request queue: hold shelf deadlines, hold slips, reordering. */

/**
 * The hold shelf deadline: the end of the pickup desk's Nth open day after the item goes on the
 * shelf (today does not count), so closed days never eat into the patron's time to collect it.
 * Falls back to N calendar days at midnight UTC when the desk has no opening hours in the next year.
 */
export function holdShelfDeadline(calendar: ServicePointCalendar, placedAt: Date, openDays: number): Date {
  let date = localDateOf(calendar, placedAt);
  let counted = 0;
  for (let step = 0; step < 366 && counted < Math.max(1, openDays); step += 1) {
    date = addDays(date, 1);
    if (isOpenOn(calendar, date)) counted += 1;
  }
  const end = counted > 0 ? endOfOpenDay(calendar, date) : undefined;
  return end ?? new Date(placedAt.getTime() + Math.max(1, openDays) * 86_400_000);
}

/**
 * A patron named on a hold slip in the institution's format. The default names nobody: surname
 * initials and the last four digits of the barcode, enough for the patron to find their item.
 */
export function holdSlipName(patron: { lastName: string; firstName?: string; barcode: string }, format: HoldSlipFormat = 'initials-and-last-four'): string {
  const lastFour = patron.barcode.slice(-4);
  const firstName = (patron.firstName ?? '').trim();
  switch (format) {
    case 'full-name':
      return firstName ? `${patron.lastName}, ${firstName}` : patron.lastName;
    case 'last-name-first-initial':
      return firstName ? `${patron.lastName}, ${firstName[0]!.toUpperCase()}.` : patron.lastName;
    case 'barcode-only-last-four':
      return lastFour;
    case 'initials-and-last-four': {
      const initials = patron.lastName
        .split(/[\s-]+/)
        .filter((part) => part.length > 0)
        .map((part) => part[0]!.toUpperCase())
        .join('');
      return `${initials} ${lastFour}`;
    }
  }
}

/**
 * A new queue order must name exactly the open requests of the queue, each once.
 * Returns the problem, or null when the order is acceptable.
 */
export function reorderProblem(currentIds: readonly string[], proposedIds: readonly string[]): string | null {
  if (new Set(proposedIds).size !== proposedIds.length) return 'A request is named twice.';
  const current = new Set(currentIds);
  const unknown = proposedIds.filter((id) => !current.has(id));
  if (unknown.length > 0) return `Not in this queue: ${unknown.join(', ')}.`;
  if (proposedIds.length !== currentIds.length) return 'Name every open request of the queue.';
  return null;
}

import { DateTime } from 'luxon';
import { DomainError } from '../../platform/errors.ts';
import { describeCents, type WaiveAuthority } from '../fees/index.ts';

/**
 * Who may backdate a check-in, and how far. Pure. A backdated return lowers the overdue fine, so
 * it is a waiver by another name:
 * - to earlier today (the desk's service day): anyone who checks in;
 * - to one of the last 3 days before today, when it lowers no fine (a book drop emptied after a
 *   weekend, items not overdue): anyone who checks in;
 * - further back, or to an earlier day when it lowers a fine: the circulation.backdate-check-in
 *   permission, and the fine it forgives must be within what the staff member may waive.
 */
export const backdatePermission = 'circulation.backdate-check-in';
export const backdateWindowDays = 3;

export interface BackdateFacts {
  now: Date;
  returnedAt: Date;
  /** The check-in desk's zone: its days are the service days. */
  timeZone: string;
  permissions: ReadonlySet<string>;
}

/** Whether the fine forgiven matters: a return time before the start of today at the desk. */
export function backdatedBeforeToday(facts: Pick<BackdateFacts, 'now' | 'returnedAt' | 'timeZone'>): boolean {
  const startOfToday = DateTime.fromJSDate(facts.now, { zone: facts.timeZone }).startOf('day');
  return facts.returnedAt.getTime() < startOfToday.toMillis();
}

/**
 * Throws BACKDATE_PERMISSION_REQUIRED or BACKDATE_EXCEEDS_WAIVE_LIMIT when the backdating is not
 * the staff member's to do; `forgivenCents` is the fine the return time takes off (0 when none).
 */
export function checkBackdating(facts: BackdateFacts, forgivenCents: number, waiveAuthority: WaiveAuthority, currency = 'USD'): void {
  if (!backdatedBeforeToday(facts)) return;
  const zone = facts.timeZone;
  const earliestFree = DateTime.fromJSDate(facts.now, { zone }).startOf('day').minus({ days: backdateWindowDays });
  const tooFarBack = facts.returnedAt.getTime() < earliestFree.toMillis();
  const returnedOn = DateTime.fromJSDate(facts.returnedAt, { zone }).toISODate();
  if ((tooFarBack || forgivenCents > 0) && !facts.permissions.has(backdatePermission)) {
    const why = tooFarBack ? `more than ${backdateWindowDays} days back` : `to an earlier day that takes ${describeCents(forgivenCents, currency)} off the fine`;
    throw new DomainError('BACKDATE_PERMISSION_REQUIRED', `Backdating a check-in ${why} needs the ${backdatePermission} permission. Check it in with today's date, or ask a supervisor.`, {
      field: 'returnedAt',
      permission: backdatePermission,
      returnedOn,
      earliestWithoutPermission: earliestFree.toISODate(),
      forgivenCents,
    });
  }
  if (forgivenCents <= 0 || waiveAuthority.kind === 'unlimited') return;
  const limitCents = waiveAuthority.kind === 'limited' ? waiveAuthority.maxCents : 0;
  if (forgivenCents > limitCents) {
    throw new DomainError(
      'BACKDATE_EXCEEDS_WAIVE_LIMIT',
      `Backdating to ${returnedOn} takes ${describeCents(forgivenCents, currency)} off the fine, more than the ${describeCents(limitCents, currency)} you may waive. Check it in with today's date, or ask a supervisor.`,
      { field: 'returnedAt', returnedOn, forgivenCents, limitCents },
    );
  }
}

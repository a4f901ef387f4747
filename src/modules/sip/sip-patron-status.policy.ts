import { activeManualBlocks, isOverdue, patronStandingRefusals } from '../circulation/index.ts';
import { isBlockActive, isPatronExpired } from '../patrons/index.ts';
import { patronStatusField, type SipPatronStatusFlag } from './sip-message-formats.ts';
import type { SipPatronStanding } from './sip-patron.queries.ts';

/**
 * The 14-character patron status of 24, 26 and 64 from the same facts the desk's check-out uses:
 * expiry, inactive records and blocks deny charging and renewing; request blocks deny holds and
 * recalls; the group's limits set the "too many" flags (a limit of 2 overdue items is exceeded at 3).
 */
export interface SipPatronCounts {
  charged: number;
  overdue: number;
  recalled: number;
  overdueRecalled: number;
  lost: number;
  availableHolds: number;
  unavailableHolds: number;
}

const lostStates = new Set(['declared-lost', 'aged-to-lost']);

export function patronCounts(standing: SipPatronStanding, now: Date): SipPatronCounts {
  const overdue = standing.loans.filter((loan) => loan.state === 'checked-out' && isOverdue(loan.dueAt, now));
  return {
    charged: standing.loans.length,
    overdue: overdue.length,
    recalled: standing.loans.filter((loan) => loan.recalledAt !== null).length,
    overdueRecalled: overdue.filter((loan) => loan.recalledAt !== null).length,
    lost: standing.loans.filter((loan) => lostStates.has(loan.state)).length,
    availableHolds: standing.requests.filter((request) => request.status === 'open-awaiting-pickup').length,
    unavailableHolds: standing.requests.filter((request) => request.status !== 'open-awaiting-pickup').length,
  };
}

export function patronStatusFlags(standing: SipPatronStanding, now: Date, timeZone: string): Partial<Record<SipPatronStatusFlag, boolean>> {
  const { patron } = standing;
  const limits = patron.groupLimits;
  const counts = patronCounts(standing, now);
  const over = (limit: number | null | undefined, value: number) => limit !== null && limit !== undefined && value > limit;
  const atLimit = (limit: number | null | undefined, value: number) => limit !== null && limit !== undefined && value >= limit;
  const flags: Partial<Record<SipPatronStatusFlag, boolean>> = {
    tooManyItemsCharged: atLimit(limits?.maxLoans, counts.charged),
    tooManyItemsOverdue: over(limits?.maxOverdueItems, counts.overdue),
    tooManyItemsLost: over(limits?.maxLostItems, counts.lost),
    excessiveOutstandingFines: over(limits?.maxFeeBalanceCents, standing.feeBalanceCents),
    excessiveOutstandingFees: over(limits?.maxFeeBalanceCents, standing.feeBalanceCents),
    recallOverdue: counts.overdueRecalled > 0,
  };
  const limitsDenyCharging = Boolean(
    flags.tooManyItemsOverdue || flags.tooManyItemsLost || flags.excessiveOutstandingFees || over(limits?.maxOverdueRecalls, counts.overdueRecalled),
  );
  flags.chargePrivilegesDenied = patronStandingRefusals(patron, now, timeZone, 'borrowing').length > 0 || limitsDenyCharging || flags.tooManyItemsCharged;
  flags.renewalPrivilegesDenied = patronStandingRefusals(patron, now, timeZone, 'renewals').length > 0 || limitsDenyCharging;
  const requestsDenied = isPatronExpired(patron.expiresOn, now, timeZone) || patron.status === 'inactive' || standing.requestBlocks.some((block) => isBlockActive(block, now));
  flags.holdPrivilegesDenied = requestsDenied;
  flags.recallPrivilegesDenied = requestsDenied;
  return flags;
}

export function patronStatusOf(standing: SipPatronStanding, now: Date, timeZone: string): string {
  return patronStatusField(patronStatusFlags(standing, now, timeZone));
}

/** What a patron we cannot vouch for gets: every privilege denied. */
export const deniedPatronStatus = patronStatusField({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true, recallPrivilegesDenied: true, holdPrivilegesDenied: true });

/** The patron messages of blocks in force, each once, for the kiosk screen. */
export function blockMessages(standing: SipPatronStanding, now: Date): string[] {
  return [...new Set(activeManualBlocks(standing.patron, now, 'borrowing').map((block) => block.patronMessage ?? '').filter(Boolean))];
}

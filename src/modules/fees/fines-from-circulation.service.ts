import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database, LoanState } from '../../db/schema.ts';
import type { Actor } from '../audit/index.ts';
import { cachedCalendarOfServicePoint, calendarOfServicePoint, type ServicePointCalendar } from '../org/index.ts';
import { applyFeeActionWithin, chargeFineWithin } from './fee-ledger.service.ts';
import { loadFee } from './fee-account.service.ts';
import { feeIdsOfLoan, findLoanFeeFacts, type LoanFeeFacts } from './loan-fees.queries.ts';
import { circulationFeeStaff, settleReturnedLostItem } from './lost-items-from-circulation.service.ts';
import { describeCents } from './money.policy.ts';
import { calculateOverdueFine, fineOnRenewal, type OverdueFine, type OverdueFineInput, type RenewalFine } from './overdue-fine.policy.ts';

/**
 * Overdue fines charged from circulation, inside the circulation transaction. A loan has one
 * overdue fine fee per loan period (per due date: a renewal starts a new one), found by its
 * description. The daily accrual job raises it as the fine grows; check-in and renewal bring it to
 * the final amount with an adjustment, so nothing is ever charged twice.
 */

/** The description that names a loan period's overdue fine (and finds it again). */
export function periodFineDescription(dueAt: string): string {
  return `Overdue fine, due ${dueAt}`;
}

/** Calendars already loaded, by service point: a job over many loans reads each desk's calendar once. */
export type CalendarsLoaded = Map<string, Promise<ServicePointCalendar>>;

/**
 * The fine of a loan period as if it ended at `endedAt`, counted on the lending desk's calendar
 * (its hours from the cache check-out's due dates use; the desk's zone came with the facts).
 */
export async function overdueFineInputOf(
  trx: Kysely<Database>,
  institutionId: string,
  facts: LoanFeeFacts,
  fallbackServicePointId: string | null,
  calendars?: CalendarsLoaded,
): Promise<Omit<OverdueFineInput, 'returnedAt'> | null> {
  if (!facts.finePolicy) return null;
  const servicePointId = facts.checkoutServicePointId ?? fallbackServicePointId;
  const calendarOf = (id: string) => {
    let calendar = calendars?.get(id);
    if (!calendar) {
      calendar = id === facts.checkoutServicePointId && facts.lendingDeskTimeZone ? cachedCalendarOfServicePoint(trx, institutionId, id, facts.lendingDeskTimeZone) : calendarOfServicePoint(trx, institutionId, id);
      calendars?.set(id, calendar);
    }
    return calendar;
  };
  return {
    policy: facts.finePolicy,
    dueAt: new Date(facts.dueAt),
    replacementCostCents: facts.replacementCostCents,
    recalled: facts.recalledAt !== null,
    ...(servicePointId ? { calendar: await calendarOf(servicePointId) } : { timeZone: facts.timeZone }),
    currency: facts.currency,
  };
}

export interface LoanFineTarget {
  patronId: string;
  ownerServicePointId: string | null;
  targetCents: number;
  /** 'raise-only': the accrual job never lowers a fine; a check-in may (a backdated return). */
  mode: 'raise-only' | 'settle';
  /** Why the amount changes, for the adjustment's note; absent: "brought up to" or "lowered to". */
  why?: string;
}

/**
 * Bring the loan period's fine fee to the target: charge it if there is none yet, else adjust
 * the amount owed. Lowering stops at what is still owed (a paid part stays paid). Returns the
 * change in what is owed and what had been charged before.
 */
export async function settleLoanPeriodFine(trx: Kysely<Database>, now: Date, actor: Actor, facts: LoanFeeFacts, target: LoanFineTarget): Promise<{ changeCents: number; chargedBeforeCents: number }> {
  const description = periodFineDescription(facts.finePeriodDueAt);
  const [feeId] = feeIdsOfLoan(facts, 'overdue-fine', description);
  if (!feeId) {
    if (target.targetCents <= 0) return { changeCents: 0, chargedBeforeCents: 0 };
    await chargeFineWithin(trx, now, actor, {
      patronId: target.patronId,
      feeType: { kind: 'overdue-fine' },
      amountCents: target.targetCents,
      loanId: facts.id,
      itemId: facts.itemId,
      ownerServicePointId: target.ownerServicePointId,
      description,
    });
    return { changeCents: target.targetCents, chargedBeforeCents: 0 };
  }
  const fee = await loadFee(trx, actor.institutionId, feeId);
  const chargedBeforeCents = fee.totals.originalCents + fee.totals.adjustedCents;
  let change = target.targetCents - chargedBeforeCents;
  if (change < 0) change = target.mode === 'raise-only' ? 0 : -Math.min(-change, fee.balanceCents);
  if (change === 0) return { changeCents: 0, chargedBeforeCents };
  await applyFeeActionWithin(trx, now, circulationFeeStaff(actor), feeId, { kind: 'adjustment', amountCents: change }, {
    note: target.why
      ? `${target.why}: overdue fine recounted to ${describeCents(chargedBeforeCents + change, facts.currency)}.`
      : change > 0 ? `Overdue fine brought up to ${describeCents(target.targetCents, facts.currency)}.` : `Overdue fine lowered to ${describeCents(chargedBeforeCents + change, facts.currency)}.`,
    servicePointId: target.ownerServicePointId,
  });
  return { changeCents: change, chargedBeforeCents };
}

export interface CheckInFine {
  fineCents: number;
  explanation: string[];
}

export interface ClosedLoan {
  loanId: string;
  /** The borrower, read before check-in forgets them. */
  patronId: string | null;
  previousState: LoanState;
  returnedAt: Date;
  /** The check-in desk: it owns the fine. */
  servicePointId: string;
}

/**
 * The fines of a loan closed at check-in, in the check-in transaction: the overdue fine (from the
 * effective, possibly backdated, return time, less what the accrual job already charged), or the
 * refunds and reinstated fine of a lost item that came back.
 */
export async function chargeFinesAtCheckIn(trx: Kysely<Database>, now: Date, actor: Actor, closed: ClosedLoan): Promise<CheckInFine> {
  if (!closed.patronId) return { fineCents: 0, explanation: ['The loan has no borrower on record: nothing is charged.'] };
  const facts = await findLoanFeeFacts(trx, actor.institutionId, closed.loanId);
  const input = await overdueFineInputOf(trx, actor.institutionId, facts, closed.servicePointId);
  const fine: OverdueFine = input ? calculateOverdueFine({ ...input, returnedAt: closed.returnedAt }) : { fineCents: 0, explanation: ['The loan has no overdue fine policy: no fine.'] };
  const target = { patronId: closed.patronId, ownerServicePointId: closed.servicePointId, mode: 'settle' as const };

  if (closed.previousState === 'declared-lost' || closed.previousState === 'aged-to-lost') {
    const settlement = await settleReturnedLostItem(trx, now, actor, facts, { returnedAt: closed.returnedAt, overdueFineCents: fine.fineCents, servicePointId: closed.servicePointId });
    const reinstated = settlement.lines.find((line) => line.action === 'reinstate');
    if (reinstated) await settleLoanPeriodFine(trx, now, actor, facts, { ...target, targetCents: reinstated.amountCents });
    return { fineCents: reinstated?.amountCents ?? 0, explanation: settlement.explanation };
  }
  if (closed.previousState === 'claimed-returned') {
    return { fineCents: 0, explanation: ['The patron had claimed the item returned: no overdue fine is charged.'] };
  }
  if (fine.fineCents === 0 && feeIdsOfLoan(facts, 'overdue-fine', periodFineDescription(facts.finePeriodDueAt)).length === 0) return fine;
  const settled = await settleLoanPeriodFine(trx, now, actor, facts, { ...target, targetCents: fine.fineCents });
  if (settled.chargedBeforeCents === 0) return fine;
  const money = (cents: number) => describeCents(cents, facts.currency);
  const change = settled.changeCents === 0 ? 'nothing more is charged' : settled.changeCents > 0 ? `${money(settled.changeCents)} more is charged` : `${money(-settled.changeCents)} is taken off`;
  return { fineCents: fine.fineCents, explanation: [...fine.explanation, `${money(settled.chargedBeforeCents)} had already been charged while the loan was overdue: ${change}.`] };
}

/**
 * Renewing an overdue loan ends its loan period: charge what the period's fine came to, or
 * (when the policy forgives) nothing, lowering any fine the accrual job had charged.
 */
export async function chargeFineAtRenewal(trx: Kysely<Database>, now: Date, actor: Actor, renewal: { loanId: string; patronId: string | null }): Promise<RenewalFine | null> {
  if (!renewal.patronId) return null;
  const facts = await findLoanFeeFacts(trx, actor.institutionId, renewal.loanId);
  if (new Date(facts.dueAt).getTime() >= now.getTime()) return null;
  const input = await overdueFineInputOf(trx, actor.institutionId, facts, null);
  if (!input) return null;
  const fine = fineOnRenewal({ ...input, renewedAt: now });
  await settleLoanPeriodFine(trx, now, actor, facts, { patronId: renewal.patronId, ownerServicePointId: facts.checkoutServicePointId, targetCents: fine.fineCents, mode: 'settle' });
  return fine;
}

/**
 * Staff move an open loan's due date: the fine accrued for the loan period is recounted from the
 * new due date to now, on the period's own fee, so the old and the new due date never both charge
 * a day. Later due date: the fine goes down with an adjustment (what was paid stays paid and
 * counts toward the new fine); earlier: it goes up. Called before the loan row changes; answers
 * the due date that names the period's fee from now on (null: the new due date), for the loan row.
 */
export async function recountFineForNewDueDate(
  trx: Kysely<Database>,
  now: Date,
  actor: Actor,
  change: { loanId: string; patronId: string | null; dueAt: string },
): Promise<{ finePeriodDueAt: string | null }> {
  const before = await findLoanFeeFacts(trx, actor.institutionId, change.loanId);
  const [feeId] = feeIdsOfLoan(before, 'overdue-fine', periodFineDescription(before.finePeriodDueAt));
  // Without a fee yet, the new due date names the period (a fee charged now is charged under it).
  const namedBy = feeId && before.finePeriodDueAt !== change.dueAt ? before.finePeriodDueAt : null;
  const facts = { ...before, dueAt: change.dueAt, finePeriodDueAt: namedBy ?? change.dueAt };
  if (!change.patronId) return { finePeriodDueAt: namedBy };
  const input = await overdueFineInputOf(trx, actor.institutionId, facts, null);
  if (!input) return { finePeriodDueAt: namedBy };
  const fine = calculateOverdueFine({ ...input, returnedAt: now });
  const zone = input.calendar?.timeZone ?? facts.timeZone;
  const why = `Due date changed to ${DateTime.fromISO(change.dueAt, { zone }).toFormat('ccc d LLL yyyy HH:mm')}`;
  await settleLoanPeriodFine(trx, now, actor, facts, { patronId: change.patronId, ownerServicePointId: facts.checkoutServicePointId, targetCents: fine.fineCents, mode: 'settle', why });
  return { finePeriodDueAt: namedBy };
}

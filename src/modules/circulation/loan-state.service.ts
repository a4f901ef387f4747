import type { Kysely } from 'kysely';
import type { Database, ItemStatus, LoanState } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { chargeLostItemWithin, chargesForLostItem, findLoanFeeFacts, recountFineForNewDueDate } from '../fees/index.ts';
import { recordCirculationEvent, type CirculationEvent } from './circulation-events.ts';
import { findLoanView, type LoanView } from './loan-history.queries.ts';
import { countOnPatron, findItemOfInstitution, findLoanForStateChange, findOpenLoanOfItem, moveLoanState, setLoanDueDate } from './loan-state.queries.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';
import { changeItemStatus } from '../catalog/index.ts';

/**
 * Staff changes to a loan that has not come back: a new due date, declared lost, claimed returned;
 * and marking an item missing. Each is one transaction with an audit event and a circulation
 * event for the fees module. Patron counters (lost items, claims returned) count every occurrence.
 */

async function openLoanOf(trx: Kysely<Database>, institutionId: string, loanId: string) {
  const loan = await findLoanForStateChange(trx, institutionId, loanId);
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', 'There is no such loan.', { loanId });
  if (loan.status !== 'open') throw new DomainError('CONFLICT', 'This loan has already ended.', { loanId });
  return loan;
}

function requireState(loan: { id: string; state: LoanState }, allowed: LoanState[], doing: string): void {
  if (!allowed.includes(loan.state)) {
    throw new DomainError('CONFLICT', `A loan that is ${loan.state.replace(/-/g, ' ')} cannot be ${doing}.`, { loanId: loan.id, state: loan.state });
  }
}

async function setItemStatusOrConflict(trx: Kysely<Database>, itemId: string, from: ItemStatus, to: ItemStatus, at: Date): Promise<void> {
  if (from !== to && !(await changeItemStatus(trx, itemId, from, to, at))) {
    throw new DomainError('CONFLICT', 'This item changed at another desk; try again.', { itemId });
  }
}

/** The circulation event of a change to an open loan, naming its item and borrower. */
function recordLoanEvent(
  trx: Kysely<Database>,
  actor: Actor,
  loan: { id: string; item_id: string; patron_id: string | null },
  now: Date,
  kind: CirculationEvent['kind'],
  payload: CirculationEvent['payload'],
): Promise<void> {
  return recordCirculationEvent(trx, { institutionId: actor.institutionId, kind, loanId: loan.id, itemId: loan.item_id, patronId: loan.patron_id, occurredAt: now, payload });
}

async function loanViewOrThrow(trx: Kysely<Database>, institutionId: string, loanId: string, now: Date): Promise<LoanView> {
  const view = await findLoanView(trx, institutionId, loanId, now);
  if (!view) throw new Error('loan vanished');
  return view;
}

export async function changeDueDate(db: Kysely<Database>, clock: Clock, actor: Actor, loanId: string, change: { dueAt: Date; reason: string }): Promise<LoanView> {
  return retryWhenBusy(() =>
    db.transaction().execute(async (trx) => {
      const now = clock.now();
      const loan = await openLoanOf(trx, actor.institutionId, loanId);
      requireState(loan, ['checked-out'], 'given a new due date');
      if (change.dueAt.getTime() <= new Date(loan.loaned_at).getTime()) {
        throw new DomainError('VALIDATION_FAILED', 'The due date must be after the loan began.', { field: 'dueAt', loanedAt: loan.loaned_at });
      }
      const dueAt = change.dueAt.toISOString();
      // The fine accrued so far is recounted from the new due date, so no day is charged under both.
      const { finePeriodDueAt } = await recountFineForNewDueDate(trx, now, actor, { loanId: loan.id, patronId: loan.patron_id, dueAt });
      await setLoanDueDate(trx, loan.id, dueAt, finePeriodDueAt, now);
      await recordAuditEvent(trx, actor, now, { action: 'loan.change-due-date', entityType: 'loan', entityId: loan.id, before: { dueAt: loan.due_at }, after: { dueAt }, reason: change.reason });
      await recordLoanEvent(trx, actor, loan, now, 'loan-due-date-changed', { previousDueAt: loan.due_at, dueAt, reason: change.reason });
      return loanViewOrThrow(trx, actor.institutionId, loan.id, now);
    }),
  );
}

/** The patron says the item is lost: the loan and the item become declared lost, and the lost item policy's fees are charged. */
export async function declareLost(db: Kysely<Database>, clock: Clock, actor: Actor, loanId: string, reason: string | null): Promise<LoanView> {
  return retryWhenBusy(() =>
    db.transaction().execute(async (trx) => {
      const now = clock.now();
      const loan = await openLoanOf(trx, actor.institutionId, loanId);
      requireState(loan, ['checked-out', 'claimed-returned'], 'declared lost');
      if (!(await moveLoanState(trx, loan.id, loan.state, 'declared-lost', now, 'declared_lost_at'))) throw new DomainError('CONFLICT', 'This loan just changed; try again.', { loanId });
      await setItemStatusOrConflict(trx, loan.item_id, loan.item_status, 'declared-lost', now);
      if (loan.patron_id) await countOnPatron(trx, loan.patron_id, 'lost_item_count');
      await recordAuditEvent(trx, actor, now, { action: 'loan.declare-lost', entityType: 'loan', entityId: loan.id, before: { state: loan.state }, after: { state: 'declared-lost' }, reason });
      await chargeLostItemWithin(trx, now, actor, { loanId: loan.id, patronId: loan.patron_id, how: 'declared-lost' });
      await recordLoanEvent(trx, actor, loan, now, 'item-declared-lost', { lostItemPolicyId: loan.lost_item_policy_id, previousState: loan.state, replacementCostCents: loan.replacement_cost_cents, reason });
      return loanViewOrThrow(trx, actor.institutionId, loan.id, now);
    }),
  );
}

export interface LostItemChargePreview {
  charges: { feeType: string; amountCents: number; explanation: string }[];
  explanation: string[];
}

/** What declaring the loan lost would charge, changing nothing: the desk shows it before confirming. */
export async function previewDeclareLost(db: Kysely<Database>, institutionId: string, loanId: string): Promise<LostItemChargePreview> {
  const loan = await openLoanOf(db, institutionId, loanId);
  requireState(loan, ['checked-out', 'claimed-returned'], 'declared lost');
  const facts = await findLoanFeeFacts(db, institutionId, loanId);
  if (!loan.patron_id || !facts.lostItemPolicy) return { charges: [], explanation: ['This loan has no lost item policy, so nothing is charged.'] };
  const outcome = chargesForLostItem({ policy: facts.lostItemPolicy, how: 'declared-lost', replacementCostCents: facts.replacementCostCents, currency: facts.currency });
  return {
    charges: outcome.lines.filter((line) => line.action === 'charge').map((line) => ({ feeType: line.feeType, amountCents: line.amountCents, explanation: line.explanation })),
    explanation: outcome.explanation,
  };
}

/** The patron says they returned it and the library cannot find it: no overdue fine accrues while staff search. */
export async function claimReturned(db: Kysely<Database>, clock: Clock, actor: Actor, loanId: string, reason: string | null): Promise<LoanView> {
  return retryWhenBusy(() =>
    db.transaction().execute(async (trx) => {
      const now = clock.now();
      const loan = await openLoanOf(trx, actor.institutionId, loanId);
      requireState(loan, ['checked-out', 'declared-lost', 'aged-to-lost'], 'claimed returned');
      if (!(await moveLoanState(trx, loan.id, loan.state, 'claimed-returned', now, 'claimed_returned_at'))) throw new DomainError('CONFLICT', 'This loan just changed; try again.', { loanId });
      await setItemStatusOrConflict(trx, loan.item_id, loan.item_status, 'claimed-returned', now);
      if (loan.patron_id) await countOnPatron(trx, loan.patron_id, 'claimed_returned_count');
      await recordAuditEvent(trx, actor, now, { action: 'loan.claim-returned', entityType: 'loan', entityId: loan.id, before: { state: loan.state }, after: { state: 'claimed-returned' }, reason });
      await recordLoanEvent(trx, actor, loan, now, 'item-claimed-returned', { previousState: loan.state, reason });
      return loanViewOrThrow(trx, actor.institutionId, loan.id, now);
    }),
  );
}

/** An item that should be on the shelf and is not. An item on loan is with its borrower: declare it lost instead. */
export async function markMissing(db: Kysely<Database>, clock: Clock, actor: Actor, itemId: string, reason: string): Promise<{ item: { id: string; barcode: string; status: ItemStatus } }> {
  return retryWhenBusy(() =>
    db.transaction().execute(async (trx) => {
      const now = clock.now();
      const item = await findItemOfInstitution(trx, actor.institutionId, itemId);
      if (!item) throw new DomainError('ITEM_NOT_FOUND', 'There is no such item.', { itemId });
      const openLoan = await findOpenLoanOfItem(trx, itemId);
      if (openLoan) throw new DomainError('CONFLICT', 'This item is on loan: declare it lost or record a claim instead.', { itemId, loanId: openLoan.id });
      if (item.status === 'missing') throw new DomainError('CONFLICT', 'This item is already marked missing.', { itemId });
      await setItemStatusOrConflict(trx, item.id, item.status, 'missing', now);
      await recordAuditEvent(trx, actor, now, { action: 'item.mark-missing', entityType: 'item', entityId: item.id, before: { status: item.status }, after: { status: 'missing' }, reason });
      await recordCirculationEvent(trx, {
        institutionId: actor.institutionId,
        kind: 'item-marked-missing',
        itemId: item.id,
        occurredAt: now,
        payload: { previousStatus: item.status, reason },
      });
      return { item: { id: item.id, barcode: item.barcode, status: 'missing' } };
    }),
  );
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RaiseEvent } from '../../platform/domain-events.ts';
import { DomainError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/service-context.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { chargeFineAtRenewal, type RenewalFine } from '../fees/index.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { findCirculationPatron } from './circulation-patron.queries.ts';
import { loanViewOf, type LoanView } from './loan-history.queries.ts';
import { calendarOfDesk, fixedSchedulesFor } from './loan.queries.ts';
import { loanPolicySettingsSchema } from '../policies/index.ts';
import { overridePermissionError, refusal, refusalError, type CirculationActor, type Refusal } from './refusal.policy.ts';
import { decideRenewal } from './renewal.policy.ts';
import { findLoanToRenew, openLoanIdsOfPatron, renewLoanRow } from './renewal.queries.ts';
import type { CirculationContext } from './request-queue.port.ts';
import { retryWhenBusy } from '../../db/database-errors.ts';

/**
 * Renewals by staff (who may override), and later by patrons and kiosks (who may not: their
 * CirculationActor carries no override permission). Each renewal is its own transaction.
 */
export interface RenewalResult {
  loan: LoanView;
  dueDateExplanation: string[];
  /** Renewing an overdue loan: the fine charged (0 when the policy forgives it); null when the loan was not overdue. */
  fine: RenewalFine | null;
  warnings: { code: string; message: string }[];
}

type Attempt = { kind: 'renewed'; result: RenewalResult } | { kind: 'refused'; refusals: Refusal[] } | { kind: 'needs-permission'; refusals: Refusal[] };

/** One renewal inside its transaction: read the loan and what its due date depends on, decide (renewal.policy.ts), write. */
async function attemptRenewal(ctx: CirculationContext, trx: Kysely<Database>, raise: RaiseEvent, who: CirculationActor, loanId: string, override: { reason: string } | undefined): Promise<Attempt> {
  const now = ctx.clock.now();
  const institutionId = who.actor.institutionId;
  const loan = await findLoanToRenew(trx, institutionId, loanId);
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', 'There is no such loan.', { loanId });
  const settings = loanPolicySettingsSchema.parse(JSON.parse(loan.loan_policy_settings));
  const patron = loan.patron_id ? await findCirculationPatron(trx, institutionId, { id: loan.patron_id }) : null;
  const itemRequested = await ctx.requestQueue.itemHasOpenRequests(trx, institutionId, loan.item_id);
  // The due date follows the calendar of the desk that lent the item (or of the item's home desk).
  const desk = loan.desk;
  const dueDate = loan.status === 'open' && settings.loanable && desk && patron
    ? {
        context: {
          calendar: await calendarOfDesk(trx, institutionId, desk),
          patronExpiresOn: patron.expiresOn,
          fixedSchedules: await fixedSchedulesFor(trx, institutionId, settings),
          itemHasRequests: itemRequested,
        },
      }
    : null;
  const { due, outcome, settlesFine } = decideRenewal({
    checks: {
      now,
      timeZone: patron?.institutionTimeZone ?? desk?.timeZone ?? 'UTC',
      loan: { status: loan.status, state: loan.state, renewalCount: Number(loan.renewal_count), recalledAt: loan.recalled_at, dueAt: loan.due_at },
      patron,
      loanPolicy: { name: loan.loan_policy_name, settings },
      itemRequested,
    },
    dueDate,
    override,
    permissions: who.permissions,
  });
  if (outcome.kind !== 'proceed') return outcome;
  if (!due) throw new Error('renewal passed its checks without a due date');

  // Settled against the old due date, before the loan moves to its new one. A loan not yet overdue
  // (or without a borrower) has no fine to settle, so the fee ledger is not asked.
  const fine = settlesFine && loan.patron_id ? await chargeFineAtRenewal(trx, now, who.actor, { loanId: loan.id, patronId: loan.patron_id }) : null;
  const dueAt = due.dueAt.toISOString();
  const renewalCount = Number(loan.renewal_count) + 1;
  if (!(await renewLoanRow(trx, { id: loan.id, dueAt: loan.due_at, renewalCount: Number(loan.renewal_count) }, { dueAt, now }))) {
    throw new DomainError('CONFLICT', 'This loan changed while it was being renewed; try again.', { loanId });
  }
  const overriddenCodes = outcome.overridden.map((entry) => entry.code);
  await recordAuditEvent(trx, who.actor, now, {
    action: 'loan.renew',
    entityType: 'loan',
    entityId: loan.id,
    before: { dueAt: loan.due_at, renewalCount: Number(loan.renewal_count) },
    after: { dueAt, renewalCount, overridden: overriddenCodes },
    reason: override && overriddenCodes.length > 0 ? override.reason : null,
  });
  await recordCirculationEvent(trx, {
    institutionId,
    kind: 'loan-renewed',
    loanId: loan.id,
    itemId: loan.item_id,
    patronId: loan.patron_id,
    occurredAt: now,
    payload: { previousDueAt: loan.due_at, dueAt, renewalCount, overriddenRefusals: overriddenCodes },
  });
  if (loan.patron_id) raise({ type: 'loan.renewed', institutionId, loanId: loan.id, itemId: loan.item_id, patronId: loan.patron_id, dueAt });
  return {
    kind: 'renewed',
    result: {
      loan: loanViewOf({ ...loan, due_at: dueAt, renewal_count: renewalCount }, now),
      dueDateExplanation: due.explanation,
      fine,
      warnings: outcome.overridden.map((entry) => ({ code: entry.code, message: `Overridden: ${entry.message}` })),
    },
  };
}

/** Renew one loan; refusals and a missing override permission are thrown as errors. Announces 'loan.renewed' once committed. */
export async function renewLoan(ctx: CirculationContext, who: CirculationActor, loanId: string, override?: { reason: string }): Promise<RenewalResult> {
  const attempt = await retryWhenBusy(() => inTransaction(ctx, (trx, raise) => attemptRenewal(ctx, trx, raise, who, loanId, override)));
  if (attempt.kind === 'refused') throw refusalError('RENEWAL_REFUSED', attempt.refusals);
  if (attempt.kind === 'needs-permission') throw overridePermissionError(attempt.refusals);
  return attempt.result;
}

export interface BulkRenewalEntry {
  loanId: string;
  renewed: boolean;
  dueAt?: string;
  refusals?: Refusal[];
}

/** Renew a patron's loans (all open ones, or those named), each on its own transaction, with a result per loan. */
export async function renewLoansOfPatron(
  ctx: CirculationContext,
  who: CirculationActor,
  request: { patronBarcode: string; loanIds?: string[] | undefined },
): Promise<{ patron: { id: string; barcode: string }; results: BulkRenewalEntry[] }> {
  const institutionId = who.actor.institutionId;
  const patron = await findCirculationPatron(ctx.db, institutionId, { barcode: request.patronBarcode });
  if (!patron) throw new DomainError('PATRON_NOT_FOUND', 'No patron has this barcode.', { patronBarcode: request.patronBarcode });
  const theirs = new Set(await openLoanIdsOfPatron(ctx.db, institutionId, patron.id));
  const loanIds = request.loanIds ?? [...theirs];
  const results: BulkRenewalEntry[] = [];
  for (const loanId of loanIds) {
    if (!theirs.has(loanId)) {
      results.push({ loanId, renewed: false, refusals: [refusal('LOAN_NOT_FOUND', 'The patron has no open loan with this id.', false)] });
      continue;
    }
    const attempt = await retryWhenBusy(() => inTransaction(ctx, (trx, raise) => attemptRenewal(ctx, trx, raise, who, loanId, undefined)));
    results.push(attempt.kind === 'renewed' ? { loanId, renewed: true, dueAt: attempt.result.loan.dueAt } : { loanId, renewed: false, refusals: attempt.refusals });
  }
  return { patron: { id: patron.id, barcode: patron.barcode }, results };
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { changeItemStatus } from '../catalog/index.ts';
import { loanPolicySettingsSchema } from '../policies/index.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { dueDateForRecall } from './due-date.policy.ts';
import { calendarOfDesk, findDesk } from './loan.queries.ts';
import { findLoanToRecall, setRecalledDueDate } from './recall.queries.ts';

/**
 * What the request queue (src/modules/requests, which sits above circulation) asks circulation to do
 * inside its own transaction: shorten a loan for a recall, and mark a paged copy missing.
 */

/** Shorten the loan on the item for a recall, as its loan policy allows; audited, and an event for the recall notice. */
export async function recallLoan(trx: Kysely<Database>, actor: Actor, now: Date, loanId: string, requestId: string): Promise<void> {
  const loan = await findLoanToRecall(trx, actor.institutionId, loanId);
  if (loan.recalled_at) return;
  // the due date follows the lending desk's calendar, as at check-out
  const desk = loan.checkout_service_point_id ? await findDesk(trx, actor.institutionId, loan.checkout_service_point_id) : null;
  if (!desk) return;
  const policy = loanPolicySettingsSchema.parse(JSON.parse(loan.settings));
  const recalled = dueDateForRecall(policy, new Date(loan.loaned_at), new Date(loan.due_at), now, { calendar: await calendarOfDesk(trx, actor.institutionId, desk), patronExpiresOn: null, fixedSchedules: {} });
  const dueAt = recalled.dueAt.toISOString();
  await setRecalledDueDate(trx, loan.id, dueAt, now);
  await recordAuditEvent(trx, actor, now, { action: 'loan.recall', entityType: 'loan', entityId: loan.id, before: { dueAt: loan.due_at }, after: { dueAt, requestId, explanation: recalled.explanation } });
  await recordCirculationEvent(trx, {
    institutionId: actor.institutionId,
    kind: 'loan-recalled',
    loanId: loan.id,
    itemId: loan.item_id,
    patronId: loan.patron_id,
    occurredAt: now,
    payload: { requestId, previousDueAt: loan.due_at, dueAt },
  });
}

/** A paged copy was not on the shelf: it becomes missing, with a circulation event; false when it is no longer paged. */
export async function markPagedCopyMissing(trx: Kysely<Database>, institutionId: string, itemId: string, now: Date): Promise<boolean> {
  if (!(await changeItemStatus(trx, itemId, 'paged', 'missing', now))) return false;
  await recordCirculationEvent(trx, { institutionId, kind: 'item-marked-missing', itemId, occurredAt: now, payload: { previousStatus: 'paged', reason: 'not found for a page' } });
  return true;
}

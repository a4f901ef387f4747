import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { inTransaction } from '../../platform/service-context.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { displayNameOf } from '../patrons/index.ts';
import type { Permission } from '../staff/index.ts';
import { decideCheckOut, type CheckOutDecisionFacts } from './check-out-decision.policy.ts';
import { insertLoan } from './check-out.queries.ts';
import { recordCirculationEvent } from './circulation-events.ts';
import { findBorrower, type CirculationPatron } from './circulation-patron.queries.ts';
import { resolveCirculationRule, type AppliedPolicies } from './circulation-rules.service.ts';
import { patronFeeBalanceCents } from './fee-balance.port.ts';
import { calendarOfDesk, findItemAtDesk, fixedSchedulesFor, type CirculationItem } from './loan.queries.ts';
import { overridePermissionError, refusal, refusalError, type CirculationActor, type Refusal } from './refusal.policy.ts';
import type { CirculationContext, RequestQueue } from './request-queue.port.ts';
import { isUniqueViolation, retryWhenBusy } from '../../db/database-errors.ts';
import { changeItemStatus } from '../catalog/index.ts';

export interface CheckOutRequest {
  patronBarcode: string;
  itemBarcode: string;
  servicePointId: string;
  /**
   * A due date the desk sets instead of the policy's (an agreed longer loan, a reserve item due
   * before class). Needs circulation.change-due-date, as changing a loan's due date does; audited.
   */
  dueAt?: Date | undefined;
  override?: { reason: string } | undefined;
  dryRun?: boolean | undefined;
  /**
   * A self-check kiosk's no-block (offline) transaction: the item already left with the patron at
   * this time. The loan starts then (due date from then), and refusals staff could override are
   * accepted without the override permission (the audit names them); refusals nobody may override
   * (item on loan to someone else, unknown patron or item, withdrawn, not loanable) still stand.
   */
  offlineAt?: Date | undefined;
}

export interface CheckedOutLoan {
  id: string;
  dueAt: string;
  loanedAt: string;
  item: { id: string; barcode: string; title: string; callNumber: string | null };
  patron: { id: string; barcode: string; displayName: string };
  loanPolicy: { id: string; code: string; name: string };
  rule: { id: string; name: string };
}

export interface CheckOutWarning {
  code: string;
  message: string;
}

export type CheckOutResult =
  | { dryRun: false; loan: CheckedOutLoan; warnings: CheckOutWarning[]; dueDateExplanation: string[] }
  | { dryRun: true; wouldSucceed: boolean; refusals: Refusal[]; dueAt: string | null; dueDateExplanation: string[] };

/** Everything a check-out decides from, read in one place before anything is decided. */
interface CheckOutReads {
  patron: CirculationPatron | null;
  item: CirculationItem | null;
  applied: AppliedPolicies | null;
  decision: CheckOutDecisionFacts;
}

async function readCheckOut(trx: Kysely<Database>, requestQueue: RequestQueue, who: CirculationActor, lentAt: Date, request: CheckOutRequest): Promise<CheckOutReads> {
  const institutionId = who.actor.institutionId;
  const { desk, item } = await findItemAtDesk(trx, institutionId, request.servicePointId, request.itemBarcode);
  if (!desk) throw new DomainError('SERVICE_POINT_NOT_FOUND', 'There is no such service point.', { servicePointId: request.servicePointId });
  const borrower = await findBorrower(trx, institutionId, request.patronBarcode);
  const patron = borrower?.patron ?? null;
  const limits = patron?.groupLimits ?? null;
  const feeBalanceCents = patron && limits?.maxFeeBalanceCents != null ? await patronFeeBalanceCents(trx, institutionId, patron.id) : 0;
  const applied = patron && item ? await resolveCirculationRule(trx, ruleFactsOf(institutionId, patron, item), { facts: ruleFactsOf(institutionId, patron, item), labels: ruleLabelsOf(patron, item) }) : null;
  const itemHeldForPatronId = item && (item.status === 'awaiting-pickup' || item.status === 'paged') ? await requestQueue.patronHoldingItem(trx, institutionId, item.id) : null;
  // The due date's inputs are read only when the policy will work one out.
  const policy = !request.dueAt && patron && item && applied?.loanPolicy.settings.loanable ? applied.loanPolicy.settings : null;
  const dueDate = policy && patron && item
    ? {
        policy,
        context: {
          itemHasRequests: await requestQueue.itemHasOpenRequests(trx, institutionId, item.id),
          calendar: await calendarOfDesk(trx, institutionId, desk),
          patronExpiresOn: patron.expiresOn,
          fixedSchedules: await fixedSchedulesFor(trx, institutionId, policy),
        },
      }
    : null;
  return {
    patron,
    item,
    applied,
    decision: {
      checks: {
        now: lentAt,
        timeZone: patron?.institutionTimeZone ?? desk.timeZone,
        patron,
        patronOpenLoans: borrower?.openLoans ?? [],
        limits,
        feeBalanceCents,
        item: item && { id: item.id, status: item.status, materialTypeId: item.materialTypeId, materialTypeName: item.materialTypeName, locationActive: item.location.active, locationName: item.location.name },
        itemOpenLoan: item?.openLoan ?? null,
        loanPolicy: applied && { id: applied.loanPolicy.id, name: applied.loanPolicy.name, settings: applied.loanPolicy.settings },
        itemHeldForPatronId,
      },
      dueAtSetByDesk: request.dueAt ?? null,
      dueDate,
      offline: request.offlineAt !== undefined,
      override: request.override,
      permissions: who.permissions,
    },
  };
}

// read with the patron and the item already, so rule matching needs no query
function ruleFactsOf(institutionId: string, patron: CirculationPatron, item: CirculationItem) {
  return {
    institutionId,
    patronGroupId: patron.patronGroupId,
    materialTypeId: item.materialTypeId,
    loanTypeId: item.loanTypeId,
    locationId: item.location.id,
    libraryId: item.location.libraryId,
    campusId: item.location.campusId,
  };
}

function ruleLabelsOf(patron: CirculationPatron, item: CirculationItem) {
  return {
    patronGroup: patron.patronGroupName,
    materialType: item.materialTypeName,
    loanType: item.loanTypeName,
    location: item.location.name,
    library: item.location.libraryName,
    campus: item.location.campusName,
  };
}

function refusedBecauseOnLoan(): DomainError {
  const onLoan = refusal('ITEM_ON_LOAN', 'This item was just checked out at another desk: check it in first.', false);
  return new DomainError('CHECK_OUT_REFUSED', onLoan.message, { refusals: [onLoan] });
}

export type { CirculationActor } from './refusal.policy.ts';

const dueDatePermission = 'circulation.change-due-date' satisfies Permission;

/**
 * Check an item out to a patron at a desk: every check at once, the due date from the policy and
 * the desk's calendar, the loan, the item's status, the audit trail and the event, in one
 * transaction: read, decide (check-out-decision.policy.ts), write. The unique index on open loans
 * settles a race between two desks. Announces 'loan.created' once committed.
 */
export async function checkOut(ctx: CirculationContext, who: CirculationActor, request: CheckOutRequest): Promise<CheckOutResult> {
  const { clock } = ctx;
  const institutionId = who.actor.institutionId;
  // Setting the due date by hand is the power of a due date change, not of ordinary lending (a student worker lends by the policy).
  if (request.dueAt && !who.permissions.has(dueDatePermission)) {
    throw new DomainError('FORBIDDEN', `Setting a due date at check-out needs the ${dueDatePermission} permission.`, { permission: dueDatePermission, field: 'dueAt' });
  }
  if (request.dueAt && request.dueAt.getTime() <= clock.now().getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'A due date set at the desk must be in the future.', { field: 'dueAt' });
  }
  if (request.offlineAt && request.offlineAt.getTime() > clock.now().getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'An offline transaction cannot be in the future.', { field: 'offlineAt' });
  }
  try {
    return await retryWhenBusy(() =>
      inTransaction(ctx, async (trx, raise): Promise<CheckOutResult> => {
        const now = clock.now();
        const lentAt = request.offlineAt ?? now;
        const { patron, item, applied, decision: facts } = await readCheckOut(trx, ctx.requestQueue, who, lentAt, request);
        const { refusals, due, outcome } = decideCheckOut(facts);
        if (request.dryRun) {
          return { dryRun: true, wouldSucceed: refusals.length === 0, refusals, dueAt: due?.dueAt.toISOString() ?? null, dueDateExplanation: due?.explanation ?? [] };
        }
        if (outcome.kind === 'refused') throw refusalError('CHECK_OUT_REFUSED', outcome.refusals);
        if (outcome.kind === 'needs-permission') throw overridePermissionError(outcome.refusals);
        if (!patron || !item || !applied || !due) throw new Error('check-out passed its checks without a patron, item, policy and due date');

        const loanId = newId();
        const loanedAt = lentAt.toISOString();
        const dueAt = due.dueAt.toISOString();
        await insertLoan(trx, {
          id: loanId,
          institutionId,
          itemId: item.id,
          patronId: patron.id,
          patronGroupId: patron.patronGroupId,
          ruleId: applied.rule.id,
          loanPolicyId: applied.loanPolicy.id,
          overdueFinePolicyId: applied.overdueFinePolicy.id,
          lostItemPolicyId: applied.lostItemPolicy.id,
          servicePointId: request.servicePointId,
          loanedAt,
          dueAt,
          now,
        });
        if (!(await changeItemStatus(trx, item.id, item.status, 'checked-out', now))) throw refusedBecauseOnLoan();
        // requests (issue 5): fills the borrower's request; a hold for someone else waits for the next copy.
        // Settling only touches open requests for the item, so there is nothing to do when this
        // transaction already found none.
        if (facts.dueDate?.context.itemHasRequests !== false) await ctx.requestQueue.settleRequestsForLoan(trx, institutionId, item.id, patron.id, loanId, now);
        const overriddenCodes = outcome.overridden.map((entry) => entry.code);
        await recordAuditEvent(trx, who.actor, now, {
          action: 'loan.check-out',
          entityType: 'loan',
          entityId: loanId,
          after: {
            itemId: item.id, itemBarcode: item.barcode, patronId: patron.id, servicePointId: request.servicePointId, dueAt, dueAtSetByStaff: Boolean(request.dueAt), overridden: overriddenCodes,
            ...(request.offlineAt ? { offlineAt: loanedAt } : {}),
          },
          reason: request.offlineAt ? `No-block (offline) transaction at ${loanedAt}` : request.override && overriddenCodes.length > 0 ? request.override.reason : null,
        });
        await recordCirculationEvent(trx, {
          institutionId,
          kind: 'loan-created',
          loanId,
          itemId: item.id,
          patronId: patron.id,
          occurredAt: now,
          payload: {
            dueAt,
            loanPolicyId: applied.loanPolicy.id,
            overdueFinePolicyId: applied.overdueFinePolicy.id,
            lostItemPolicyId: applied.lostItemPolicy.id,
            servicePointId: request.servicePointId,
            overriddenRefusals: overriddenCodes,
          },
        });
        raise({ type: 'loan.created', institutionId, loanId, itemId: item.id, patronId: patron.id, servicePointId: request.servicePointId, dueAt });
        const warnings: CheckOutWarning[] = outcome.overridden.map((entry) => ({ code: entry.code, message: `Overridden: ${entry.message}` }));
        if (request.dueAt) warnings.push({ code: 'DUE_DATE_SET_BY_STAFF', message: 'The due date was set at the desk, not by the loan policy.' });
        return {
          dryRun: false,
          loan: {
            id: loanId,
            dueAt,
            loanedAt,
            item: { id: item.id, barcode: item.barcode, title: item.title, callNumber: item.callNumber },
            patron: { id: patron.id, barcode: patron.barcode, displayName: displayNameOf(patron) },
            loanPolicy: { id: applied.loanPolicy.id, code: applied.loanPolicy.code, name: applied.loanPolicy.name },
            rule: { id: applied.rule.id, name: applied.rule.name },
          },
          warnings,
          dueDateExplanation: due.explanation,
        };
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw refusedBecauseOnLoan();
    throw error;
  }
}

import type { Insertable, Kysely } from 'kysely';
import { takesRowLocks } from '../../db/dialect-sql.ts';
import type { Database, FeeActionTable } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvents, type AuditEntry } from '../audit/index.ts';
import { feeActionAuditOf, feeActionRowOf, type FeeActionRecord } from './fee-action-record.ts';
import { requireServicePoint, type FeeActionDetails, type FeeStaff } from './fee-ledger.service.ts';
import { decideFeeAction, feeTotals, type FeeActionDecision, type ProposedFeeAction } from './fee.policy.ts';
import { feeSettingsOf } from './fee.queries.ts';
import { insertFeeActions, ledgerFeesByIds, lockPatronsForLedger, patronIdsOfFees, setFeesStatus } from './fee-ledger-bulk.queries.ts';

/** The actions a batch applies: none moves patron credit or needs a waiver reason or authority. */
export type BulkFeeAction = Extract<ProposedFeeAction, { kind: 'transfer' | 'cancellation' | 'adjustment' }>;

export interface BulkFeeActionOutcome {
  feeId: string;
  actionId: string;
  decision: FeeActionDecision;
}

/**
 * applyFeeActionWithin for many fees in the caller's transaction, with the same rows, decisions,
 * refusals and audit events, in a few statements per thousand fees instead of ten per fee: lock
 * every patron's ledger, read every fee and its actions, let the policy decide each action in
 * order (a fee named twice sees its first action), then insert the actions, set the statuses and
 * audit in chunks. Any refusal throws before anything is written.
 */
export async function applyFeeActionsInBulk(
  trx: Kysely<Database>,
  now: Date,
  who: FeeStaff,
  proposals: ReadonlyArray<{ feeId: string; proposed: BulkFeeAction }>,
  details: Pick<FeeActionDetails, 'note' | 'batchId' | 'servicePointId'> = {},
): Promise<BulkFeeActionOutcome[]> {
  const institutionId = who.actor.institutionId;
  const feeIds = [...new Set(proposals.map((proposal) => proposal.feeId))];
  // Lock every ledger before reading the fees, as applyFeeActionWithin does for one.
  if (takesRowLocks(trx)) await lockPatronsForLedger(trx, institutionId, await patronIdsOfFees(trx, feeIds));
  const fees = await ledgerFeesByIds(trx, institutionId, feeIds);
  const missing = feeIds.find((feeId) => !fees.has(feeId));
  if (missing) throw new DomainError('FEE_NOT_FOUND', 'There is no such fee.', { feeId: missing });
  await requireServicePoint(trx, institutionId, details.servicePointId);
  const allowCredit = proposals.length > 0 ? (await feeSettingsOf(trx, institutionId)).allowCredit : false;

  const occurredAt = now.toISOString();
  const staffId = who.actor.kind === 'staff' ? who.actor.id : null;
  const statusOf = new Map([...fees.values()].map((fee) => [fee.id, fee.status]));
  const actionRows: Insertable<FeeActionTable>[] = [];
  const auditEntries: AuditEntry[] = [];
  const outcomes: BulkFeeActionOutcome[] = [];
  for (const { feeId, proposed } of proposals) {
    const fee = fees.get(feeId)!;
    const actions = fee.actions;
    const totals = feeTotals(
      fee.original_amount_cents,
      actions.map((action) => ({ kind: action.kind, amountCents: action.amount_cents, refundTo: action.refund_to })),
    );
    const decision = decideFeeAction(totals, proposed, { allowCredit, waiveAuthority: { kind: 'none' }, creditAvailableCents: 0 });
    const actionId = newId();
    const record: FeeActionRecord = {
      actionId,
      institutionId,
      fee: { id: feeId, patron_id: fee.patron_id, status: statusOf.get(feeId)! },
      sequence: actions.length + 1,
      proposed,
      decision,
      details,
      staffId,
      occurredAt,
    };
    actionRows.push(feeActionRowOf(record));
    auditEntries.push(feeActionAuditOf(record));
    actions.push({ kind: decision.kind, amount_cents: decision.amountCents, refund_to: null });
    statusOf.set(feeId, decision.statusAfter);
    outcomes.push({ feeId, actionId, decision });
  }

  await insertFeeActions(trx, actionRows);
  const changed = feeIds.filter((feeId) => statusOf.get(feeId) !== fees.get(feeId)!.status);
  await setFeesStatus(trx, changed.filter((feeId) => statusOf.get(feeId) === 'closed'), 'closed');
  await setFeesStatus(trx, changed.filter((feeId) => statusOf.get(feeId) === 'open'), 'open');
  await recordAuditEvents(trx, who.actor, now, auditEntries);
  return outcomes;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { bursarCsv, defaultBursarColumns, type BursarColumn, type BursarLine } from './bursar-export.ts';
import { bursarCriteriaOf, bursarFileNameOf, cutoffOf, isEligibleForBursar, type BursarCriteria, type BursarRule } from './bursar-transfer.policy.ts';
import {
  bursarCandidates,
  findBursarBatch,
  insertBursarBatch,
  linesOfBatch,
  listBursarBatches,
  listBursarRules,
  markBursarBatchReversed,
  patronGroupIdsOf,
  saveBursarRule,
  type BursarBatchRow,
} from './bursar.queries.ts';
import { applyFeeActionsInBulk } from './fee-ledger-bulk.service.ts';
import type { FeeStaff } from './fee-ledger.service.ts';

export interface BursarBatchView {
  id: string;
  status: 'exported' | 'reversed';
  cutoffAt: string;
  /** Age in days per patron group code that the batch used. */
  criteria: Record<string, number>;
  columns: BursarColumn[];
  fileName: string;
  feeCount: number;
  totalCents: number;
  createdAt: string;
  createdBy: string | null;
  reversedAt: string | null;
  reversedBy: string | null;
  reversalReason: string | null;
}

export function describeBatch(row: BursarBatchRow): BursarBatchView {
  return {
    id: row.id,
    status: row.status,
    cutoffAt: new Date(row.cutoff_at).toISOString(),
    criteria: JSON.parse(row.criteria) as Record<string, number>,
    columns: JSON.parse(row.columns) as BursarColumn[],
    fileName: row.file_name,
    feeCount: Number(row.fee_count),
    totalCents: Number(row.total_cents),
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    reversedAt: row.reversed_at ? new Date(row.reversed_at).toISOString() : null,
    reversedBy: row.reversed_by,
    reversalReason: row.reversal_reason,
  };
}

export interface BursarRunInput {
  /** Every patron group at this age, instead of the library's rules. */
  olderThanDays?: number | undefined;
  columns?: readonly BursarColumn[] | undefined;
  dryRun?: boolean | undefined;
}

export interface BursarRunResult {
  dryRun: boolean;
  /** The batch written, or null on a dry run or when no fee was due to go. */
  batch: BursarBatchView | null;
  lines: BursarLine[];
  totalCents: number;
  csv: string;
}

function staffIdOf(who: FeeStaff): string | null {
  return who.actor.kind === 'staff' ? who.actor.id : null;
}

/**
 * Move every eligible open balance to the bursar in one transaction: the batch row, then one
 * 'transfer' action per fee with the batch id, written in bulk (a batch may hold tens of thousands). A fee already in a standing batch, or with nothing
 * owed, is never taken again, so running twice exports nothing twice.
 */
export async function runBursarTransfer(db: Kysely<Database>, clock: Clock, who: FeeStaff, input: BursarRunInput): Promise<BursarRunResult> {
  const institutionId = who.actor.institutionId;
  const columns = input.columns && input.columns.length > 0 ? [...input.columns] : [...defaultBursarColumns];
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const groups = await patronGroupIdsOf(trx, institutionId);
    const criteria = bursarCriteriaOf(
      await listBursarRules(trx, institutionId),
      groups.map((group) => group.id),
      input.olderThanDays,
    );
    const groupIds = Object.keys(criteria);
    const youngestAge = Math.min(...Object.values(criteria));
    const candidates = groupIds.length === 0 ? [] : await bursarCandidates(trx, institutionId, groupIds, cutoffOf(now, youngestAge));
    const lines: BursarLine[] = candidates
      .filter((candidate) => isEligibleForBursar({ ...candidate, balanceCents: candidate.amountCents }, criteria, now))
      .map(({ patronGroupId: _group, alreadyExported: _exported, ...line }) => line);
    const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
    const csv = bursarCsv(lines, columns);
    if (input.dryRun || lines.length === 0) return { dryRun: Boolean(input.dryRun), batch: null, lines, totalCents, csv };

    const batchId = newId();
    // The batch row first: the transfer actions point at it.
    const criteriaByCode = criteriaByGroupCode(criteria, groups);
    await insertBursarBatch(trx, {
      id: batchId,
      institution_id: institutionId,
      status: 'exported',
      cutoff_at: now.toISOString(),
      criteria: JSON.stringify(criteriaByCode),
      columns: JSON.stringify(columns),
      file_name: bursarFileNameOf(now),
      fee_count: lines.length,
      total_cents: totalCents,
      created_at: now.toISOString(),
      created_by: staffIdOf(who),
    });
    await applyFeeActionsInBulk(
      trx,
      now,
      who,
      lines.map((line) => ({ feeId: line.feeId, proposed: { kind: 'transfer', amountCents: line.amountCents } })),
      { batchId, note: `Bursar batch ${bursarFileNameOf(now)}` },
    );
    await recordAuditEvent(trx, who.actor, now, {
      action: 'bursar.export',
      entityType: 'bursar_batch',
      entityId: batchId,
      after: { feeCount: lines.length, totalCents, criteria: criteriaByCode, columns },
    });
    const batch = await findBursarBatch(trx, institutionId, batchId);
    return { dryRun: false, batch: describeBatch(batch!), lines, totalCents, csv };
  });
}

function criteriaByGroupCode(criteria: BursarCriteria, groups: ReadonlyArray<{ id: string; code: string }>): Record<string, number> {
  const byCode: Record<string, number> = {};
  for (const group of groups) if (criteria[group.id] !== undefined) byCode[group.code] = criteria[group.id]!;
  return byCode;
}

async function requireBatch(trx: Kysely<Database>, institutionId: string, batchId: string): Promise<BursarBatchRow> {
  const batch = await findBursarBatch(trx, institutionId, batchId);
  if (!batch) throw new DomainError('NOT_FOUND', 'There is no such bursar batch.', { batchId });
  return batch;
}

/** One page of the institution's bursar batches, newest first. */
export async function bursarBatchesPage(db: Kysely<Database>, institutionId: string, page: { limit: number; offset: number }): Promise<{ items: BursarBatchView[]; total: number }> {
  const { items, total } = await listBursarBatches(db, institutionId, page.limit, page.offset);
  return { items: items.map(describeBatch), total };
}

export async function bursarBatchWithLines(db: Kysely<Database>, institutionId: string, batchId: string): Promise<{ batch: BursarBatchView; lines: BursarLine[]; csv: string }> {
  const batch = describeBatch(await requireBatch(db, institutionId, batchId));
  const lines = await linesOfBatch(db, batchId);
  return { batch, lines, csv: bursarCsv(lines, batch.columns) };
}

/**
 * The student account system sent the batch back: mark it reversed and restore each fee with an
 * adjustment adding back what was transferred (the ledger has no "untransfer"), noting the batch.
 */
export async function reverseBursarBatch(db: Kysely<Database>, clock: Clock, who: FeeStaff, batchId: string, reason: string): Promise<{ batch: BursarBatchView; restoredCents: number }> {
  const institutionId = who.actor.institutionId;
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const batch = await requireBatch(trx, institutionId, batchId);
    if (batch.status === 'reversed') throw new DomainError('CONFLICT', 'This bursar batch has already been reversed.', { batchId });
    const lines = await linesOfBatch(trx, batchId);
    await applyFeeActionsInBulk(
      trx,
      now,
      who,
      lines.map((line) => ({ feeId: line.feeId, proposed: { kind: 'adjustment', amountCents: line.amountCents } })),
      { batchId, note: `Bursar batch ${batch.file_name} reversed: ${reason}` },
    );
    await markBursarBatchReversed(trx, batchId, now.toISOString(), staffIdOf(who), reason);
    const restoredCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
    await recordAuditEvent(trx, who.actor, now, {
      action: 'bursar.reverse',
      entityType: 'bursar_batch',
      entityId: batchId,
      before: { status: 'exported' },
      after: { status: 'reversed', restoredCents },
      reason,
    });
    return { batch: describeBatch((await findBursarBatch(trx, institutionId, batchId))!), restoredCents };
  });
}

export interface BursarRuleView {
  patronGroupId: string;
  patronGroupCode: string;
  minAgeDays: number;
  enabled: boolean;
}

export async function readBursarRules(db: Kysely<Database>, institutionId: string): Promise<BursarRuleView[]> {
  const groups = await patronGroupIdsOf(db, institutionId);
  const rules = await listBursarRules(db, institutionId);
  return rules.map((rule) => ({ ...rule, patronGroupCode: groups.find((group) => group.id === rule.patronGroupId)?.code ?? '' }));
}

/** Set which patron groups go to the bursar and after how many days. */
export async function updateBursarRules(db: Kysely<Database>, clock: Clock, who: FeeStaff, rules: readonly BursarRule[]): Promise<BursarRuleView[]> {
  const institutionId = who.actor.institutionId;
  await db.transaction().execute(async (trx) => {
    const now = clock.now();
    const groups = await patronGroupIdsOf(trx, institutionId);
    for (const rule of rules) {
      if (!groups.some((group) => group.id === rule.patronGroupId)) {
        throw new DomainError('PATRON_GROUP_NOT_FOUND', 'There is no such patron group.', { patronGroupId: rule.patronGroupId });
      }
      await saveBursarRule(trx, institutionId, rule, now.toISOString(), staffIdOf(who));
    }
    await recordAuditEvent(trx, who.actor, now, { action: 'bursar.rules', entityType: 'bursar_rule', entityId: null, after: { rules } });
  });
  return readBursarRules(db, institutionId);
}

import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';
import { bursarColumns } from './bursar-export.ts';
import { paymentMethod } from './fees.replies.ts';

/**
 * Reply shapes of the routes around the desk: bursar transfer batches, cash drawer reconciliation and the fee
 * reports. Money is in integer cents, instants are ISO 8601 strings.
 */

const bursarRule = z.object({ patronGroupId: z.string(), patronGroupCode: z.string(), minAgeDays: z.number(), enabled: z.boolean() }).meta({ id: 'BursarRule' });

export const bursarRulesReply = z.object({ items: z.array(bursarRule) });

export const bursarBatchReply = z
  .object({
    id: z.string(),
    status: z.enum(['exported', 'reversed']),
    cutoffAt: z.string(),
    criteria: z.record(z.string(), z.number()).describe('minimum age in days by patron group code'),
    columns: z.array(z.enum(bursarColumns)),
    fileName: z.string(),
    feeCount: z.number(),
    totalCents: z.number(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    reversedAt: z.string().nullable(),
    reversedBy: z.string().nullable(),
    reversalReason: z.string().nullable(),
  })
  .meta({ id: 'BursarBatch' });

const bursarLine = z
  .object({
    feeId: z.string(),
    patronId: z.string(),
    externalId: z.string().nullable(),
    barcode: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    patronGroupCode: z.string(),
    feeType: z.string(),
    amountCents: z.number(),
    createdAt: z.string(),
    description: z.string().nullable(),
  })
  .meta({ id: 'BursarLine' });

export const bursarRunReply = z.object({
  dryRun: z.boolean(),
  batch: bursarBatchReply.nullable().describe('null on a dry run'),
  lines: z.array(bursarLine),
  totalCents: z.number(),
  csv: z.string(),
});

export const bursarBatchesReply = listReplySchema(bursarBatchReply);

export const bursarBatchWithLinesReply = z.object({ batch: bursarBatchReply, lines: z.array(bursarLine), csv: z.string() });

export const bursarReversalReply = z.object({ batch: bursarBatchReply, restoredCents: z.number() });

const csvFile = { 'text/csv': { schema: z.string() } };

export const bursarExportReply = { description: 'The batch export file', content: csvFile };

export const cashDrawerSummaryReply = z
  .object({
    servicePointId: z.string(),
    from: z.string(),
    to: z.string(),
    payments: z.array(z.object({ method: paymentMethod, cents: z.number(), count: z.number() })),
    paymentsTotalCents: z.number(),
    cashRefundsCents: z.number(),
    cashRefundCount: z.number(),
    expectedCashCents: z.number(),
  })
  .meta({ id: 'CashDrawerSummary' });

const cashDrawerCount = z
  .object({
    id: z.string(),
    servicePointId: z.string(),
    shiftStart: z.string(),
    shiftEnd: z.string(),
    countedCashCents: z.number(),
    expectedCashCents: z.number(),
    discrepancyCents: z.number(),
    note: z.string().nullable(),
    countedBy: z.string().nullable(),
    countedAt: z.string(),
  })
  .meta({ id: 'CashDrawerCount' });

export const cashDrawerCountRecordedReply = z.object({ count: cashDrawerCount, summary: cashDrawerSummaryReply });

export const cashDrawerCountsReply = listReplySchema(cashDrawerCount);

const activityCents = {
  chargedCents: z.number(),
  paidCents: z.number(),
  waivedCents: z.number(),
  refundedCents: z.number(),
  transferredCents: z.number(),
  cancelledCents: z.number(),
  adjustedCents: z.number(),
};

const feeActivityReport = z
  .object({
    from: z.string(),
    to: z.string(),
    totals: z.object(activityCents),
    byOwner: z.array(
      z.object({ ownerServicePointId: z.string().nullable(), ownerCode: z.string().nullable(), ownerName: z.string().nullable(), chargedCount: z.number(), ...activityCents }),
    ),
    waivedByReason: z.array(z.object({ reasonId: z.string().nullable(), name: z.string().nullable(), cents: z.number(), count: z.number() })),
    waivedByStaff: z.array(z.object({ staffId: z.string().nullable(), name: z.string().nullable(), cents: z.number(), count: z.number() })),
  })
  .meta({ id: 'FeeActivityReport' });

const outstandingBalancesReport = z
  .object({
    asOf: z.string(),
    totalCents: z.number(),
    byPatronGroup: z.array(
      z.object({
        patronGroupId: z.string(),
        code: z.string(),
        name: z.string(),
        feeCount: z.number(),
        totalCents: z.number(),
        buckets: z.object({ '0-30': z.number(), '31-90': z.number(), '91+': z.number() }).describe('cents owed by age in days'),
      }),
    ),
  })
  .meta({ id: 'OutstandingBalancesReport' });

/** The fee reports answer JSON, or CSV with format=csv. */
export const feeActivityReportReply = { description: 'The report (JSON, or CSV with format=csv)', content: { 'application/json': { schema: feeActivityReport }, ...csvFile } };

export const outstandingBalancesReportReply = {
  description: 'The report (JSON, or CSV with format=csv)',
  content: { 'application/json': { schema: outstandingBalancesReport }, ...csvFile },
};

import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { bursarColumns } from './bursar-export.ts';
import { bursarBatchesPage, bursarBatchWithLines, readBursarRules, reverseBursarBatch, runBursarTransfer, updateBursarRules } from './bursar-transfer.service.ts';
import { cashDrawerCounts, cashDrawerSummary, recordCashDrawerCount } from './cash-drawer.service.ts';
import type { FeeStaff } from './fee-ledger.service.ts';
import { feeActivityCsv, feeActivityReport, outstandingBalancesReport, outstandingCsv } from './fee-reports.service.ts';
import {
  bursarBatchesReply,
  bursarBatchWithLinesReply,
  bursarExportReply,
  bursarReversalReply,
  bursarRulesReply,
  bursarRunReply,
  cashDrawerCountRecordedReply,
  cashDrawerCountsReply,
  cashDrawerSummaryReply,
  feeActivityReportReply,
  outstandingBalancesReportReply,
} from './fees-desk.replies.ts';

const idParams = z.object({ id: z.uuid() });
const instant = z.iso.datetime({ offset: true });
const shift = { servicePointId: z.uuid(), from: instant, to: instant };
const csvType = 'text/csv; charset=utf-8';

function feeStaffOf(request: FastifyRequest): FeeStaff {
  const staff = staffOf(request);
  return { actor: actorOf(request), permissions: staff.permissions, roleCode: staff.roleCode };
}

/** Around the desk: bursar transfer batches, cash drawer reconciliation and the fee reports. */
export async function feesDeskRoutes(app: CarrelApp, { db, clock }: RouteDeps): Promise<void> {
  app.get(
    '/bursar/rules',
    { config: { access: 'fees.transfer' }, schema: { tags: ['bursar'], summary: 'Which patron groups go to the bursar, and after how many days', response: { 200: bursarRulesReply } } },
    async (request) => ({ items: await readBursarRules(db, staffOf(request).institutionId) }),
  );

  app.put(
    '/bursar/rules',
    {
      config: { access: 'fees.transfer' },
      schema: {
        tags: ['bursar'],
        summary: 'Set, per patron group, whether its balances go to the bursar and after how many days',
        body: z.object({ rules: z.array(z.object({ patronGroupId: z.uuid(), minAgeDays: z.number().int().min(0).max(3650), enabled: z.boolean() })).max(200) }),
        response: { 200: bursarRulesReply },
      },
    },
    async (request) => ({ items: await updateBursarRules(db, clock, feeStaffOf(request), request.body.rules) }),
  );

  app.post(
    '/bursar/batches',
    {
      config: { access: 'fees.transfer' },
      schema: {
        tags: ['bursar'],
        summary: 'Transfer open balances old enough to the bursar in one batch, with its export file; a dry run shows what would go',
        body: z.object({
          olderThanDays: z.number().int().min(0).max(3650).optional(),
          columns: z.array(z.enum(bursarColumns)).min(1).max(20).optional(),
          dryRun: z.boolean().optional(),
        }),
        response: { 200: bursarRunReply, 201: bursarRunReply },
      },
    },
    async (request, reply) => {
      const result = await runBursarTransfer(db, clock, feeStaffOf(request), request.body);
      return reply.status(result.batch ? 201 : 200).send(result);
    },
  );

  app.get(
    '/bursar/batches',
    { config: { access: 'fees.transfer' }, schema: { tags: ['bursar'], summary: 'Bursar batches, newest first', querystring: pageQuery, response: { 200: bursarBatchesReply } } },
    async (request) => {
      return bursarBatchesPage(db, staffOf(request).institutionId, request.query);
    },
  );

  app.get(
    '/bursar/batches/:id',
    { config: { access: 'fees.transfer' }, schema: { tags: ['bursar'], summary: 'One bursar batch with its lines', params: idParams, response: { 200: bursarBatchWithLinesReply } } },
    async (request) => bursarBatchWithLines(db, staffOf(request).institutionId, request.params.id),
  );

  app.get(
    '/bursar/batches/:id/export.csv',
    { config: { access: 'fees.transfer' }, schema: { tags: ['bursar'], summary: 'The export file of a bursar batch, in the column layout it was made with', params: idParams, response: { 200: bursarExportReply } } },
    async (request, reply) => {
      const { batch, csv } = await bursarBatchWithLines(db, staffOf(request).institutionId, request.params.id);
      return reply.type(csvType).header('content-disposition', `attachment; filename="${batch.fileName}"`).send(csv);
    },
  );

  app.post(
    '/bursar/batches/:id/reverse',
    {
      config: { access: 'fees.transfer' },
      schema: { tags: ['bursar'], summary: 'Reverse a bursar batch: restore the balance of every fee it moved', params: idParams, body: z.object({ reason: z.string().trim().min(1).max(1000) }), response: { 200: bursarReversalReply } },
    },
    async (request) => reverseBursarBatch(db, clock, feeStaffOf(request), request.params.id, request.body.reason),
  );

  app.get(
    '/cash-drawer/summary',
    {
      config: { access: 'fees.pay' },
      schema: { tags: ['cash-drawer'], summary: 'Payments taken at a desk over a shift, by method, cash refunds paid out, and the cash expected', querystring: z.object(shift), response: { 200: cashDrawerSummaryReply } },
    },
    async (request) => cashDrawerSummary(db, staffOf(request).institutionId, request.query),
  );

  app.post(
    '/cash-drawer/counts',
    {
      config: { access: 'fees.pay' },
      schema: {
        tags: ['cash-drawer'],
        summary: 'Record the cash counted at the end of a shift; a difference from the expected cash needs a note',
        body: z.object({ ...shift, countedCashCents: z.number().int().min(0).max(100_000_000), note: z.string().trim().max(1000).optional() }),
        response: { 201: cashDrawerCountRecordedReply },
      },
    },
    async (request, reply) => reply.status(201).send(await recordCashDrawerCount(db, clock, actorOf(request), request.body)),
  );

  app.get(
    '/cash-drawer/counts',
    { config: { access: 'fees.pay' }, schema: { tags: ['cash-drawer'], summary: 'Cash drawer counts, newest shift first', querystring: pageQuery.extend({ servicePointId: z.uuid().optional() }), response: { 200: cashDrawerCountsReply } } },
    async (request) => cashDrawerCounts(db, staffOf(request).institutionId, request.query.servicePointId, request.query.limit, request.query.offset),
  );

  app.get(
    '/reports/fees',
    {
      config: { access: 'fees.read' },
      schema: {
        tags: ['reports'],
        summary: 'Fees charged, paid, waived (by reason and staff member), refunded and transferred over a period, per owner desk',
        querystring: z.object({ from: instant, to: instant, format: z.enum(['json', 'csv']).optional() }),
        response: { 200: feeActivityReportReply },
      },
    },
    async (request, reply) => {
      const report = await feeActivityReport(db, staffOf(request).institutionId, request.query);
      return request.query.format === 'csv' ? reply.type(csvType).send(feeActivityCsv(report)) : report;
    },
  );

  app.get(
    '/reports/outstanding-balances',
    {
      config: { access: 'fees.read' },
      schema: { tags: ['reports'], summary: 'What patrons still owe, by patron group, aged 0–30, 31–90 and 91+ days', querystring: z.object({ format: z.enum(['json', 'csv']).optional() }), response: { 200: outstandingBalancesReportReply } },
    },
    async (request, reply) => {
      const report = await outstandingBalancesReport(db, staffOf(request).institutionId, clock.now());
      return request.query.format === 'csv' ? reply.type(csvType).send(outstandingCsv(report)) : report;
    },
  );
}

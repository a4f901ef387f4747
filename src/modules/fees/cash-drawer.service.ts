import type { Kysely } from 'kysely';
import type { Database, PaymentMethod } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { describeCents } from './money.policy.ts';
import { paymentMethods } from '../../db/migrations/0005-fees.ts';
import { requireServicePoint } from './fee-ledger.service.ts';
import { findCashDrawerCount, insertCashDrawerCount, listCashDrawerCounts, paymentsByMethod, refundsPaidOut, type CashDrawerCountRow } from './cash-drawer.queries.ts';

export interface DrawerShift {
  servicePointId: string;
  from: string;
  to: string;
}

export interface CashDrawerSummary extends DrawerShift {
  payments: Array<{ method: PaymentMethod; cents: number; count: number }>;
  paymentsTotalCents: number;
  cashRefundsCents: number;
  cashRefundCount: number;
  /** Cash taken less cash refunds paid out: what the drawer should have gained over the shift. */
  expectedCashCents: number;
}

function requireShift(shift: DrawerShift): void {
  if (new Date(shift.from).getTime() >= new Date(shift.to).getTime()) {
    throw new DomainError('VALIDATION_FAILED', 'The shift must end after it starts.', { field: 'to', from: shift.from, to: shift.to });
  }
}

async function summaryWithin(trx: Kysely<Database>, institutionId: string, shift: DrawerShift): Promise<CashDrawerSummary> {
  requireShift(shift);
  await requireServicePoint(trx, institutionId, shift.servicePointId);
  const from = new Date(shift.from).toISOString();
  const to = new Date(shift.to).toISOString();
  const byMethod = await paymentsByMethod(trx, institutionId, shift.servicePointId, from, to);
  const refunds = await refundsPaidOut(trx, institutionId, shift.servicePointId, from, to);
  const payments = paymentMethods.map((method) => ({ method, ...(byMethod.get(method) ?? { cents: 0, count: 0 }) }));
  const cash = byMethod.get('cash')?.cents ?? 0;
  return {
    servicePointId: shift.servicePointId,
    from,
    to,
    payments,
    paymentsTotalCents: payments.reduce((sum, entry) => sum + entry.cents, 0),
    cashRefundsCents: refunds.cents,
    cashRefundCount: refunds.count,
    expectedCashCents: cash - refunds.cents,
  };
}

/** The payments taken at a desk over a shift, by method, and the cash the drawer should hold. */
export function cashDrawerSummary(db: Kysely<Database>, institutionId: string, shift: DrawerShift): Promise<CashDrawerSummary> {
  return summaryWithin(db, institutionId, shift);
}

export interface CashDrawerCountView {
  id: string;
  servicePointId: string;
  shiftStart: string;
  shiftEnd: string;
  countedCashCents: number;
  expectedCashCents: number;
  /** Counted less expected: negative when the drawer is short. */
  discrepancyCents: number;
  note: string | null;
  countedBy: string | null;
  countedAt: string;
}

export function describeCount(row: CashDrawerCountRow): CashDrawerCountView {
  return {
    id: row.id,
    servicePointId: row.service_point_id,
    shiftStart: new Date(row.shift_start).toISOString(),
    shiftEnd: new Date(row.shift_end).toISOString(),
    countedCashCents: Number(row.counted_cash_cents),
    expectedCashCents: Number(row.expected_cash_cents),
    discrepancyCents: Number(row.discrepancy_cents),
    note: row.note,
    countedBy: row.counted_by,
    countedAt: new Date(row.counted_at).toISOString(),
  };
}

/** Record the cash counted at the end of a shift against what was expected; a difference needs a note saying why. */
export async function recordCashDrawerCount(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  input: DrawerShift & { countedCashCents: number; note?: string | undefined },
): Promise<{ count: CashDrawerCountView; summary: CashDrawerSummary }> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const summary = await summaryWithin(trx, actor.institutionId, input);
    const discrepancyCents = input.countedCashCents - summary.expectedCashCents;
    const note = input.note?.trim() || null;
    if (discrepancyCents !== 0 && !note) {
      throw new DomainError('VALIDATION_FAILED', `The drawer is ${discrepancyCents < 0 ? 'short' : 'over'} by ${describeCents(Math.abs(discrepancyCents))}; add a note saying why.`, {
        field: 'note',
        discrepancyCents,
        expectedCashCents: summary.expectedCashCents,
      });
    }
    const id = newId();
    await insertCashDrawerCount(trx, {
      id,
      institution_id: actor.institutionId,
      service_point_id: input.servicePointId,
      shift_start: summary.from,
      shift_end: summary.to,
      counted_cash_cents: input.countedCashCents,
      expected_cash_cents: summary.expectedCashCents,
      discrepancy_cents: discrepancyCents,
      note,
      counted_by: actor.kind === 'staff' ? actor.id : null,
      counted_at: now.toISOString(),
    });
    await recordAuditEvent(trx, actor, now, {
      action: 'cash-drawer.count',
      entityType: 'cash_drawer_count',
      entityId: id,
      after: { servicePointId: input.servicePointId, from: summary.from, to: summary.to, countedCashCents: input.countedCashCents, expectedCashCents: summary.expectedCashCents, discrepancyCents },
      reason: note,
    });
    return { count: describeCount((await findCashDrawerCount(trx, actor.institutionId, id))!), summary };
  });
}

export async function cashDrawerCounts(db: Kysely<Database>, institutionId: string, servicePointId: string | undefined, limit: number, offset: number) {
  const page = await listCashDrawerCounts(db, institutionId, servicePointId, limit, offset);
  return { items: page.items.map(describeCount), total: page.total };
}

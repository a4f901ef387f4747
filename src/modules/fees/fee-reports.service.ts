import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { csvFile } from '../../platform/csv-export.ts';
import { actionsByOwner, chargedByOwner, openFeeBalances, servicePointNames, waiversByReasonAndStaff } from './fee-reports.queries.ts';

const dayMs = 24 * 60 * 60 * 1000;

export interface OwnerTotals {
  ownerServicePointId: string | null;
  ownerCode: string | null;
  ownerName: string | null;
  chargedCents: number;
  chargedCount: number;
  paidCents: number;
  waivedCents: number;
  refundedCents: number;
  transferredCents: number;
  cancelledCents: number;
  adjustedCents: number;
}

type OwnerKey = string;
const keyOf = (id: string | null): OwnerKey => id ?? '';

/** Fines and fees charged, paid, waived, refunded and transferred in [from, to), per owner desk; waivers also by reason and staff member. */
export async function feeActivityReport(db: Kysely<Database>, institutionId: string, range: { from: string; to: string }) {
  const from = new Date(range.from).toISOString();
  const to = new Date(range.to).toISOString();
  if (from >= to) throw new DomainError('VALIDATION_FAILED', 'The report must end after it starts.', { field: 'to' });
  const desks = await servicePointNames(db, institutionId);
  const owners = new Map<OwnerKey, OwnerTotals>();
  const ownerOf = (id: string | null): OwnerTotals => {
    let entry = owners.get(keyOf(id));
    if (!entry) {
      const desk = id ? desks.get(id) : undefined;
      entry = { ownerServicePointId: id, ownerCode: desk?.code ?? null, ownerName: desk?.name ?? null, chargedCents: 0, chargedCount: 0, paidCents: 0, waivedCents: 0, refundedCents: 0, transferredCents: 0, cancelledCents: 0, adjustedCents: 0 };
      owners.set(keyOf(id), entry);
    }
    return entry;
  };
  for (const row of await chargedByOwner(db, institutionId, from, to)) {
    const entry = ownerOf(row.ownerServicePointId);
    entry.chargedCents += row.cents;
    entry.chargedCount += row.count;
  }
  const field = { payment: 'paidCents', waiver: 'waivedCents', refund: 'refundedCents', transfer: 'transferredCents', cancellation: 'cancelledCents', adjustment: 'adjustedCents' } as const;
  for (const row of await actionsByOwner(db, institutionId, from, to)) ownerOf(row.ownerServicePointId)[field[row.kind]] += row.cents;
  const waivers = await waiversByReasonAndStaff(db, institutionId, from, to);
  const byOwner = [...owners.values()].sort((a, b) => (a.ownerCode ?? '').localeCompare(b.ownerCode ?? ''));
  const sum = (pick: (entry: OwnerTotals) => number) => byOwner.reduce((total, entry) => total + pick(entry), 0);
  const group = <K extends string>(keyName: K, key: (row: (typeof waivers)[number]) => string | null, label: (row: (typeof waivers)[number]) => string | null) => {
    const totals = new Map<string, { id: string | null; name: string | null; cents: number; count: number }>();
    for (const row of waivers) {
      const id = key(row);
      const entry = totals.get(id ?? '') ?? { id, name: label(row), cents: 0, count: 0 };
      entry.cents += row.cents;
      entry.count += row.count;
      totals.set(id ?? '', entry);
    }
    return [...totals.values()].map((entry) => ({ [keyName]: entry.id, name: entry.name, cents: entry.cents, count: entry.count }) as Record<K, string | null> & { name: string | null; cents: number; count: number });
  };
  return {
    from,
    to,
    totals: {
      chargedCents: sum((e) => e.chargedCents),
      paidCents: sum((e) => e.paidCents),
      waivedCents: sum((e) => e.waivedCents),
      refundedCents: sum((e) => e.refundedCents),
      transferredCents: sum((e) => e.transferredCents),
      cancelledCents: sum((e) => e.cancelledCents),
      adjustedCents: sum((e) => e.adjustedCents),
    },
    byOwner,
    waivedByReason: group('reasonId', (row) => row.reasonId, (row) => row.reasonName),
    waivedByStaff: group('staffId', (row) => row.staffId, (row) => row.staffName),
  };
}

export const ageingBuckets = ['0-30', '31-90', '91+'] as const;
export type AgeingBucket = (typeof ageingBuckets)[number];

/** The age of a fee in whole days since it was charged, put in its bucket. */
export function ageingBucketOf(createdAt: string, now: Date): AgeingBucket {
  const days = Math.floor((now.getTime() - new Date(createdAt).getTime()) / dayMs);
  if (days <= 30) return '0-30';
  if (days <= 90) return '31-90';
  return '91+';
}

/** What is still owed, by patron group, aged by when each fee was charged. */
export async function outstandingBalancesReport(db: Kysely<Database>, institutionId: string, now: Date) {
  const groups = new Map<string, { patronGroupId: string; code: string; name: string; feeCount: number; totalCents: number; buckets: Record<AgeingBucket, number> }>();
  for (const fee of await openFeeBalances(db, institutionId)) {
    if (fee.balanceCents <= 0) continue;
    const entry = groups.get(fee.patronGroup.id) ?? { patronGroupId: fee.patronGroup.id, code: fee.patronGroup.code, name: fee.patronGroup.name, feeCount: 0, totalCents: 0, buckets: { '0-30': 0, '31-90': 0, '91+': 0 } };
    entry.feeCount += 1;
    entry.totalCents += fee.balanceCents;
    entry.buckets[ageingBucketOf(fee.createdAt, now)] += fee.balanceCents;
    groups.set(fee.patronGroup.id, entry);
  }
  const byPatronGroup = [...groups.values()].sort((a, b) => a.code.localeCompare(b.code));
  return { asOf: now.toISOString(), totalCents: byPatronGroup.reduce((total, entry) => total + entry.totalCents, 0), byPatronGroup };
}

export function feeActivityCsv(report: Awaited<ReturnType<typeof feeActivityReport>>): string {
  const header = ['owner', 'chargedCents', 'paidCents', 'waivedCents', 'refundedCents', 'transferredCents', 'cancelledCents', 'adjustedCents'];
  const rows = report.byOwner.map((e) => [e.ownerCode ?? '', e.chargedCents, e.paidCents, e.waivedCents, e.refundedCents, e.transferredCents, e.cancelledCents, e.adjustedCents].map(String));
  return csvFile([header, ...rows]);
}

export function outstandingCsv(report: Awaited<ReturnType<typeof outstandingBalancesReport>>): string {
  const header = ['patronGroup', 'feeCount', 'totalCents', ...ageingBuckets.map((bucket) => `${bucket} days (cents)`)];
  const rows = report.byPatronGroup.map((e) => [e.code, String(e.feeCount), String(e.totalCents), ...ageingBuckets.map((bucket) => String(e.buckets[bucket]))]);
  return csvFile([header, ...rows]);
}

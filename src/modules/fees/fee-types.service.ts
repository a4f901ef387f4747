import type { Kysely } from 'kysely';
import type { Database, FeeTypeKind } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { findFeeType, findFeeTypeOfKind, findWaiverReason, insertFeeType, insertWaiverReason, listFeeTypes, listWaiverReasons, updateFeeTypeRow, updateWaiverReasonRow, type FeeTypeRow } from './fee-types.queries.ts';

export const feeTypeKindNames: Record<FeeTypeKind, string> = {
  'overdue-fine': 'Overdue fine',
  'lost-item-replacement': 'Lost item replacement',
  'lost-item-processing': 'Lost item processing fee',
  'damaged-item': 'Damaged item',
  manual: 'Manual charge',
  'booking-late-fee': 'Booking late fee',
};

export interface FeeTypeView {
  id: string;
  code: string;
  name: string;
  kind: FeeTypeKind;
  defaultAmountCents: number | null;
  active: boolean;
}

export function describeFeeType(row: FeeTypeRow): FeeTypeView {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, defaultAmountCents: row.default_amount_cents, active: Boolean(row.active) };
}

export interface NewFeeType {
  code: string;
  name: string;
  kind: FeeTypeKind;
  defaultAmountCents?: number | null | undefined;
  active?: boolean | undefined;
}

export async function createFeeType(db: Kysely<Database>, clock: Clock, actor: Actor, input: NewFeeType): Promise<FeeTypeView> {
  return db.transaction().execute(async (trx) => {
    if (await findFeeType(trx, actor.institutionId, { code: input.code })) {
      throw new DomainError('DUPLICATE_CODE', `There is already a fee type with code ${input.code}.`, { code: input.code });
    }
    const now = clock.now();
    const row = {
      id: newId(),
      institution_id: actor.institutionId,
      code: input.code,
      name: input.name,
      kind: input.kind,
      default_amount_cents: input.defaultAmountCents ?? null,
      active: input.active ?? true,
      updated_at: now.toISOString(),
      updated_by: actor.id,
    };
    await insertFeeType(trx, row);
    await recordAuditEvent(trx, actor, now, { action: 'fee-type.create', entityType: 'fee_type', entityId: row.id, after: input });
    return describeFeeType(row);
  });
}

/**
 * The fee type that fines and lost-item charges use: the institution's type of that kind, or a
 * built-in one (code = kind) created on first use, so circulation never fails for want of a type.
 */
export async function feeTypeForKind(trx: Kysely<Database>, institutionId: string, kind: FeeTypeKind, at: Date): Promise<FeeTypeRow> {
  const existing = await findFeeTypeOfKind(trx, institutionId, kind);
  if (existing) return existing;
  const row = {
    id: newId(),
    institution_id: institutionId,
    code: kind,
    name: feeTypeKindNames[kind],
    kind,
    default_amount_cents: null,
    active: true,
    updated_at: at.toISOString(),
    updated_by: null,
  };
  await insertFeeType(trx, row);
  return row;
}

export interface WaiverReasonView {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

/** The institution's fee types as staff see them. */
export async function feeTypesOf(db: Kysely<Database>, institutionId: string): Promise<FeeTypeView[]> {
  return (await listFeeTypes(db, institutionId)).map(describeFeeType);
}

/** The reasons a fee may be waived at this institution. */
export async function waiverReasonsOf(db: Kysely<Database>, institutionId: string): Promise<WaiverReasonView[]> {
  return (await listWaiverReasons(db, institutionId)).map((row) => ({ id: row.id, code: row.code, name: row.name, active: Boolean(row.active) }));
}

export async function createWaiverReason(db: Kysely<Database>, clock: Clock, actor: Actor, input: { code: string; name: string }): Promise<WaiverReasonView> {
  return db.transaction().execute(async (trx) => {
    if (await findWaiverReason(trx, actor.institutionId, { code: input.code })) {
      throw new DomainError('DUPLICATE_CODE', `There is already a waiver reason with code ${input.code}.`, { code: input.code });
    }
    const now = clock.now();
    const id = newId();
    await insertWaiverReason(trx, { id, institution_id: actor.institutionId, code: input.code, name: input.name, active: true, updated_at: now.toISOString(), updated_by: actor.id });
    await recordAuditEvent(trx, actor, now, { action: 'waiver-reason.create', entityType: 'waiver_reason', entityId: id, after: input });
    return { id, code: input.code, name: input.name, active: true };
  });
}

/** Renames a fee type, changes its default amount, or takes it out of (or back into) use. */
export async function updateFeeType(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  feeTypeId: string,
  changes: { name?: string | undefined; defaultAmountCents?: number | null | undefined; active?: boolean | undefined },
): Promise<FeeTypeView> {
  return db.transaction().execute(async (trx) => {
    const row = await findFeeType(trx, actor.institutionId, { id: feeTypeId });
    if (!row) throw new DomainError('FEE_TYPE_NOT_FOUND', 'There is no such fee type.', { feeTypeId });
    const now = clock.now();
    const set = {
      name: changes.name ?? row.name,
      default_amount_cents: changes.defaultAmountCents !== undefined ? changes.defaultAmountCents : row.default_amount_cents,
      active: changes.active ?? Boolean(row.active),
      updated_at: now.toISOString(),
      updated_by: actor.id,
    };
    await updateFeeTypeRow(trx, feeTypeId, set);
    const after = describeFeeType({ ...row, ...set });
    await recordAuditEvent(trx, actor, now, { action: 'fee-type.update', entityType: 'fee_type', entityId: feeTypeId, before: describeFeeType(row), after });
    return after;
  });
}

/** Renames a waiver reason, or takes it out of (or back into) use; past waivers keep it. */
export async function updateWaiverReason(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  waiverReasonId: string,
  changes: { name?: string | undefined; active?: boolean | undefined },
): Promise<WaiverReasonView> {
  return db.transaction().execute(async (trx) => {
    const row = await findWaiverReason(trx, actor.institutionId, { id: waiverReasonId });
    if (!row) throw new DomainError('WAIVER_REASON_NOT_FOUND', 'There is no such waiver reason.', { waiverReasonId });
    const now = clock.now();
    const set = { name: changes.name ?? row.name, active: changes.active ?? Boolean(row.active), updated_at: now.toISOString(), updated_by: actor.id };
    await updateWaiverReasonRow(trx, waiverReasonId, set);
    const before = { id: row.id, code: row.code, name: row.name, active: Boolean(row.active) };
    const after = { ...before, name: set.name, active: set.active };
    await recordAuditEvent(trx, actor, now, { action: 'waiver-reason.update', entityType: 'waiver_reason', entityId: waiverReasonId, before, after });
    return after;
  });
}

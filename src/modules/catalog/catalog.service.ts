import { isUniqueViolation } from '../../db/database-errors.ts';
import type { Kysely } from 'kysely';
import type { Database, ItemStatus } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { locationByIdOrCode } from '../org/index.ts';
import { shelvingOrderOf } from './call-number.ts';
import { describeInstance, findByIdOrCode, findInstanceRow, insertInstance, instanceColumns, type InstanceFields } from './catalog.queries.ts';
import { cleanIsbn } from './isbn.ts';
import { barcodeIsTaken, findHoldingId, findItemRow, insertHolding, insertItem, placementOfHolding, updateInstanceRow, updateItemRow } from './item.queries.ts';
import { reindexInstances } from './search-index.ts';

/** Statuses only circulation may set or leave: a catalogue edit must not strand a loan or a hold. */
const circulationStatuses: ReadonlySet<ItemStatus> = new Set<ItemStatus>(['checked-out', 'awaiting-pickup', 'in-transit', 'paged']);

function normalisedIsbns(isbns: string[] | undefined): string[] | undefined {
  if (isbns === undefined) return undefined;
  return [...new Set(isbns.map((isbn) => cleanIsbn(isbn) ?? isbn.trim()).filter((isbn) => isbn !== ''))];
}

export async function createInstance(db: Kysely<Database>, clock: Clock, actor: Actor, fields: InstanceFields): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    const id = await insertInstance(trx, actor.institutionId, { ...fields, isbns: normalisedIsbns(fields.isbns) }, { kind: 'manual', at: clock.now().toISOString() });
    await reindexInstances(trx, [id]);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'instance.create', entityType: 'instance', entityId: id, after: fields });
    return { id };
  });
}

export async function updateInstance(db: Kysely<Database>, clock: Clock, actor: Actor, id: string, changes: Partial<InstanceFields>): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    const before = await findInstanceRow(trx, actor.institutionId, id);
    if (!before) throw new DomainError('INSTANCE_NOT_FOUND', 'There is no such instance.', { instanceId: id });
    const columns = instanceColumns({ ...changes, isbns: normalisedIsbns(changes.isbns) });
    await updateInstanceRow(trx, id, { ...columns, updated_at: clock.now().toISOString() });
    await reindexInstances(trx, [id]);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'instance.update', entityType: 'instance', entityId: id, before: describeInstance(before), after: changes });
    return { id };
  });
}

/** The holding of this instance at this location under this call number, made when missing. */
export async function ensureHolding(trx: Kysely<Database>, institutionId: string, instanceId: string, locationId: string, callNumber: string | null): Promise<string> {
  const existing = await findHoldingId(trx, instanceId, locationId, callNumber);
  if (existing) return existing;
  const id = newId();
  await insertHolding(trx, {
    id,
    institution_id: institutionId,
    instance_id: instanceId,
    location_id: locationId,
    call_number: callNumber,
    call_number_prefix: null,
    shelving_order: callNumber ? shelvingOrderOf(callNumber) : null,
    public_note: null,
    staff_note: null,
  });
  return id;
}

export interface ItemFields {
  barcode: string;
  materialTypeId: string;
  loanTypeId: string;
  status?: ItemStatus | undefined;
  copyNumber?: string | null | undefined;
  volume?: string | null | undefined;
  enumeration?: string | null | undefined;
  chronology?: string | null | undefined;
  priceCents?: number | null | undefined;
  replacementCostCents?: number | null | undefined;
  publicNote?: string | null | undefined;
  staffNote?: string | null | undefined;
}

export interface NewItem extends ItemFields {
  instanceId: string;
  /** Id or code of the shelving location. */
  locationId: string;
  callNumber?: string | null | undefined;
}

async function resolveReference(trx: Kysely<Database>, table: 'material_type' | 'loan_type' | 'location', institutionId: string, idOrCode: string): Promise<string> {
  const row = table === 'location' ? await locationByIdOrCode(trx, institutionId, idOrCode) : await findByIdOrCode(trx, table, institutionId, idOrCode);
  if (row) return row.id;
  if (table === 'location') throw new DomainError('LOCATION_NOT_FOUND', `There is no location ${idOrCode}.`, { location: idOrCode });
  const label = table === 'material_type' ? 'material type' : 'loan type';
  throw new DomainError('VALIDATION_FAILED', `There is no ${label} ${idOrCode}.`, { [table === 'material_type' ? 'materialType' : 'loanType']: idOrCode });
}

async function refuseTakenBarcode(trx: Kysely<Database>, institutionId: string, barcode: string, exceptItemId?: string): Promise<void> {
  if (await barcodeIsTaken(trx, institutionId, barcode, exceptItemId)) throw new DomainError('DUPLICATE_BARCODE', `Another item already has barcode ${barcode}.`, { barcode });
}

function refuseCirculationStatus(status: ItemStatus | undefined): void {
  if (status !== undefined && circulationStatuses.has(status)) {
    throw new DomainError('CONFLICT', `Only circulation sets an item to ${status}.`, { status });
  }
}

/** Translate the barcode unique constraint into the error the desk understands. */
async function guardingBarcode<T>(barcode: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (barcode !== undefined && isUniqueViolation(error)) throw new DomainError('DUPLICATE_BARCODE', `Another item already has barcode ${barcode}.`, { barcode });
    throw error;
  }
}

export async function createItem(db: Kysely<Database>, clock: Clock, actor: Actor, input: NewItem): Promise<{ id: string; holdingId: string }> {
  refuseCirculationStatus(input.status);
  const barcode = input.barcode.trim();
  return guardingBarcode(barcode, () =>
    db.transaction().execute(async (trx) => {
      const instance = await findInstanceRow(trx, actor.institutionId, input.instanceId);
      if (!instance) throw new DomainError('INSTANCE_NOT_FOUND', 'There is no such instance.', { instanceId: input.instanceId });
      await refuseTakenBarcode(trx, actor.institutionId, barcode);
      const locationId = await resolveReference(trx, 'location', actor.institutionId, input.locationId);
      const materialTypeId = await resolveReference(trx, 'material_type', actor.institutionId, input.materialTypeId);
      const loanTypeId = await resolveReference(trx, 'loan_type', actor.institutionId, input.loanTypeId);
      const callNumber = input.callNumber?.trim() || null;
      const holdingId = await ensureHolding(trx, actor.institutionId, instance.id, locationId, callNumber);
      const id = newId();
      const now = clock.now().toISOString();
      await insertItem(trx, {
        id,
        institution_id: actor.institutionId,
        holding_id: holdingId,
        instance_id: instance.id,
        barcode,
        material_type_id: materialTypeId,
        loan_type_id: loanTypeId,
        status: input.status ?? 'available',
        status_changed_at: now,
        copy_number: input.copyNumber ?? null,
        volume: input.volume ?? null,
        enumeration: input.enumeration ?? null,
        chronology: input.chronology ?? null,
        price_cents: input.priceCents ?? null,
        replacement_cost_cents: input.replacementCostCents ?? null,
        temporary_location_id: null,
        temporary_loan_type_id: null,
        public_note: input.publicNote ?? null,
        staff_note: input.staffNote ?? null,
        created_at: now,
        updated_at: now,
      });
      await reindexInstances(trx, [instance.id]);
      await recordAuditEvent(trx, actor, clock.now(), { action: 'item.create', entityType: 'item', entityId: id, after: { ...input, barcode } });
      return { id, holdingId };
    }),
  );
}

export interface ItemChanges extends Partial<ItemFields> {
  /** Moving the item: id or code of the new shelving location, and/or a new call number. */
  locationId?: string | undefined;
  callNumber?: string | null | undefined;
}

export async function updateItem(db: Kysely<Database>, clock: Clock, actor: Actor, id: string, changes: ItemChanges): Promise<{ id: string }> {
  const barcode = changes.barcode?.trim();
  return guardingBarcode(barcode, () =>
    db.transaction().execute(async (trx) => {
      const before = await findItemRow(trx, actor.institutionId, id);
      if (!before) throw new DomainError('ITEM_NOT_FOUND', 'There is no item with that id.', { itemId: id });
      if (changes.status !== undefined && changes.status !== before.status) {
        refuseCirculationStatus(changes.status);
        refuseCirculationStatus(before.status);
      }
      if (barcode !== undefined && barcode !== before.barcode) await refuseTakenBarcode(trx, actor.institutionId, barcode, id);
      const now = clock.now().toISOString();
      let holdingId = before.holding_id;
      if (changes.locationId !== undefined || changes.callNumber !== undefined) {
        const holding = await placementOfHolding(trx, before.holding_id);
        const locationId = changes.locationId !== undefined ? await resolveReference(trx, 'location', actor.institutionId, changes.locationId) : holding.location_id;
        const callNumber = changes.callNumber !== undefined ? changes.callNumber?.trim() || null : holding.call_number;
        holdingId = await ensureHolding(trx, actor.institutionId, before.instance_id, locationId, callNumber);
      }
      await updateItemRow(trx, id, {
        holding_id: holdingId,
        barcode: barcode ?? before.barcode,
        material_type_id: changes.materialTypeId !== undefined ? await resolveReference(trx, 'material_type', actor.institutionId, changes.materialTypeId) : before.material_type_id,
        loan_type_id: changes.loanTypeId !== undefined ? await resolveReference(trx, 'loan_type', actor.institutionId, changes.loanTypeId) : before.loan_type_id,
        status: changes.status ?? before.status,
        status_changed_at: changes.status !== undefined && changes.status !== before.status ? now : before.status_changed_at,
        copy_number: changes.copyNumber !== undefined ? changes.copyNumber : before.copy_number,
        volume: changes.volume !== undefined ? changes.volume : before.volume,
        enumeration: changes.enumeration !== undefined ? changes.enumeration : before.enumeration,
        chronology: changes.chronology !== undefined ? changes.chronology : before.chronology,
        price_cents: changes.priceCents !== undefined ? changes.priceCents : before.price_cents,
        replacement_cost_cents: changes.replacementCostCents !== undefined ? changes.replacementCostCents : before.replacement_cost_cents,
        public_note: changes.publicNote !== undefined ? changes.publicNote : before.public_note,
        staff_note: changes.staffNote !== undefined ? changes.staffNote : before.staff_note,
        updated_at: now,
      });
      await reindexInstances(trx, [before.instance_id]);
      await recordAuditEvent(trx, actor, clock.now(), { action: 'item.update', entityType: 'item', entityId: id, before, after: changes });
      return { id };
    }),
  );
}

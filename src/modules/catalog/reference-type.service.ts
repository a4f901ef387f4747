import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import {
  findReferenceType,
  insertReferenceType,
  referenceCodeIsTaken,
  updateReferenceTypeRow,
  type ItemTypeTable,
  type ReferenceTypeView,
} from './reference-type.queries.ts';

export type { ItemTypeTable, ReferenceTypeView } from './reference-type.queries.ts';

export interface ReferenceTypeChanges {
  code?: string | undefined;
  name?: string | undefined;
  description?: string | null | undefined;
}

const wordsOf: Record<ItemTypeTable, string> = { material_type: 'material type', loan_type: 'loan type' };

async function refuseTakenCode(db: Kysely<Database>, table: ItemTypeTable, institutionId: string, code: string, exceptId?: string): Promise<void> {
  if (await referenceCodeIsTaken(db, table, institutionId, code, exceptId)) throw new DomainError('DUPLICATE_CODE', `There is already a ${wordsOf[table]} with code ${code}.`, { field: 'code', code });
}

export async function createReferenceType(db: Kysely<Database>, clock: Clock, actor: Actor, table: ItemTypeTable, input: { code: string; name: string; description?: string | null | undefined }): Promise<ReferenceTypeView> {
  return db.transaction().execute(async (trx) => {
    await refuseTakenCode(trx, table, actor.institutionId, input.code);
    const created: ReferenceTypeView = { id: newId(), code: input.code, name: input.name, description: input.description ?? null };
    await insertReferenceType(trx, table, actor.institutionId, created);
    await recordAuditEvent(trx, actor, clock.now(), { action: `${table.replace('_', '-')}.create`, entityType: table, entityId: created.id, after: created });
    return created;
  });
}

export async function updateReferenceType(db: Kysely<Database>, clock: Clock, actor: Actor, table: ItemTypeTable, id: string, changes: ReferenceTypeChanges): Promise<ReferenceTypeView> {
  return db.transaction().execute(async (trx) => {
    const before = await findReferenceType(trx, table, actor.institutionId, id);
    if (!before) throw new DomainError('NOT_FOUND', `There is no such ${wordsOf[table]}.`, { id });
    if (changes.code !== undefined) await refuseTakenCode(trx, table, actor.institutionId, changes.code, id);
    const after: ReferenceTypeView = {
      ...before,
      ...(changes.code !== undefined && { code: changes.code }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.description !== undefined && { description: changes.description }),
    };
    await updateReferenceTypeRow(trx, table, id, { code: after.code, name: after.name, description: after.description });
    await recordAuditEvent(trx, actor, clock.now(), { action: `${table.replace('_', '-')}.update`, entityType: table, entityId: id, before, after });
    return after;
  });
}

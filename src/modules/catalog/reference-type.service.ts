import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';

/** Material types and loan types: the two item vocabularies circulation rules match on. */
export type ItemTypeTable = 'material_type' | 'loan_type';

export interface ReferenceTypeView {
  id: string;
  code: string;
  name: string;
  description: string | null;
}

export interface ReferenceTypeChanges {
  code?: string | undefined;
  name?: string | undefined;
  description?: string | null | undefined;
}

const wordsOf: Record<ItemTypeTable, string> = { material_type: 'material type', loan_type: 'loan type' };

async function refuseTakenCode(db: Kysely<Database>, table: ItemTypeTable, institutionId: string, code: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom(table).select('id').where('institution_id', '=', institutionId).where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new DomainError('DUPLICATE_CODE', `There is already a ${wordsOf[table]} with code ${code}.`, { field: 'code', code });
}

async function findReferenceType(db: Kysely<Database>, table: ItemTypeTable, institutionId: string, id: string): Promise<ReferenceTypeView | undefined> {
  return db.selectFrom(table).select(['id', 'code', 'name', 'description']).where('institution_id', '=', institutionId).where('id', '=', id).executeTakeFirst();
}

export async function createReferenceType(db: Kysely<Database>, clock: Clock, actor: Actor, table: ItemTypeTable, input: { code: string; name: string; description?: string | null | undefined }): Promise<ReferenceTypeView> {
  return db.transaction().execute(async (trx) => {
    await refuseTakenCode(trx, table, actor.institutionId, input.code);
    const created: ReferenceTypeView = { id: newId(), code: input.code, name: input.name, description: input.description ?? null };
    await trx.insertInto(table).values({ ...created, institution_id: actor.institutionId }).execute();
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
    await trx.updateTable(table).set({ code: after.code, name: after.name, description: after.description }).where('id', '=', id).execute();
    await recordAuditEvent(trx, actor, clock.now(), { action: `${table.replace('_', '-')}.update`, entityType: table, entityId: id, before, after });
    return after;
  });
}

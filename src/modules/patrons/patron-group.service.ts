import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { insertPatronGroup, listPatronGroups, patronGroupCodeIsTaken, requirePatronGroup, updatePatronGroupRow } from './patron.queries.ts';

export interface PatronGroupView {
  id: string;
  code: string;
  name: string;
  description: string | null;
}

export interface PatronGroupChanges {
  code?: string | undefined;
  name?: string | undefined;
  description?: string | null | undefined;
}

/** The institution's patron groups, by name. */
export async function patronGroupsOf(db: Kysely<Database>, institutionId: string): Promise<PatronGroupView[]> {
  return listPatronGroups(db, institutionId);
}

async function refuseTakenCode(db: Kysely<Database>, institutionId: string, code: string, exceptId?: string): Promise<void> {
  if (await patronGroupCodeIsTaken(db, institutionId, code, exceptId)) throw new DomainError('DUPLICATE_CODE', `There is already a patron group with code ${code}.`, { field: 'code', code });
}

export async function createPatronGroup(db: Kysely<Database>, clock: Clock, actor: Actor, input: { code: string; name: string; description?: string | null | undefined }): Promise<PatronGroupView> {
  return db.transaction().execute(async (trx) => {
    await refuseTakenCode(trx, actor.institutionId, input.code);
    const created: PatronGroupView = { id: newId(), code: input.code, name: input.name, description: input.description ?? null };
    await insertPatronGroup(trx, actor.institutionId, created);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron-group.create', entityType: 'patron_group', entityId: created.id, after: created });
    return created;
  });
}

export async function updatePatronGroup(db: Kysely<Database>, clock: Clock, actor: Actor, groupId: string, changes: PatronGroupChanges): Promise<PatronGroupView> {
  return db.transaction().execute(async (trx) => {
    const row = await requirePatronGroup(trx, actor.institutionId, groupId);
    const before: PatronGroupView = { id: row.id, code: row.code, name: row.name, description: row.description };
    if (changes.code !== undefined) await refuseTakenCode(trx, actor.institutionId, changes.code, groupId);
    const after: PatronGroupView = {
      ...before,
      ...(changes.code !== undefined && { code: changes.code }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.description !== undefined && { description: changes.description }),
    };
    await updatePatronGroupRow(trx, groupId, { code: after.code, name: after.name, description: after.description });
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron-group.update', entityType: 'patron_group', entityId: groupId, before, after });
    return after;
  });
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/audit.queries.ts';
import { requirePatronGroup } from './patron.queries.ts';

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

async function refuseTakenCode(db: Kysely<Database>, institutionId: string, code: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom('patron_group').select('id').where('institution_id', '=', institutionId).where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new DomainError('DUPLICATE_CODE', `There is already a patron group with code ${code}.`, { field: 'code', code });
}

export async function createPatronGroup(db: Kysely<Database>, clock: Clock, actor: Actor, input: { code: string; name: string; description?: string | null | undefined }): Promise<PatronGroupView> {
  return db.transaction().execute(async (trx) => {
    await refuseTakenCode(trx, actor.institutionId, input.code);
    const created: PatronGroupView = { id: newId(), code: input.code, name: input.name, description: input.description ?? null };
    await trx.insertInto('patron_group').values({ ...created, institution_id: actor.institutionId }).execute();
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
    await trx.updateTable('patron_group').set({ code: after.code, name: after.name, description: after.description }).where('id', '=', groupId).execute();
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron-group.update', entityType: 'patron_group', entityId: groupId, before, after });
    return after;
  });
}

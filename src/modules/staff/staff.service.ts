import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/audit.queries.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { hashSecret } from './password.ts';
import { builtInRoles, isPermission } from './permissions.ts';
import { findRoleByCode, findStaffByUsername } from './staff.queries.ts';

/** Give an institution the four built-in roles (idempotent: existing roles get their permissions reset). */
export async function ensureBuiltInRoles(trx: Kysely<Database>, institutionId: string): Promise<void> {
  for (const [code, role] of Object.entries(builtInRoles)) {
    let existing = await findRoleByCode(trx, institutionId, code);
    if (!existing) {
      const id = newId();
      await trx.insertInto('staff_role').values({ id, institution_id: institutionId, code, name: role.name, built_in: true }).execute();
      existing = { id, institution_id: institutionId, code, name: role.name, built_in: true };
    }
    await trx.deleteFrom('staff_role_permission').where('role_id', '=', existing.id).execute();
    await trx.insertInto('staff_role_permission').values(role.permissions.map((permission) => ({ role_id: existing.id, permission }))).execute();
  }
}

export interface NewStaffAccount {
  institutionId: string;
  username: string;
  displayName: string;
  email?: string | null | undefined;
  password: string;
  roleCode: string;
}

export async function createStaffAccount(db: Kysely<Database>, clock: Clock, actor: Actor, input: NewStaffAccount): Promise<{ id: string }> {
  const passwordHash = await hashSecret(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findStaffByUsername(trx, input.username)) {
      throw new DomainError('DUPLICATE_USERNAME', `There is already a staff account named ${input.username}.`, { username: input.username });
    }
    const role = await findRoleByCode(trx, input.institutionId, input.roleCode);
    if (!role) throw new DomainError('ROLE_NOT_FOUND', `There is no role ${input.roleCode}.`, { roleCode: input.roleCode });
    const id = newId();
    await trx
      .insertInto('staff_account')
      .values({
        id,
        institution_id: input.institutionId,
        username: input.username,
        display_name: input.displayName,
        email: input.email ?? null,
        password_hash: passwordHash,
        role_id: role.id,
        created_at: clock.now().toISOString(),
      })
      .execute();
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'staff.create',
      entityType: 'staff_account',
      entityId: id,
      after: { username: input.username, displayName: input.displayName, role: input.roleCode },
    });
    return { id };
  });
}

export interface NewRole {
  code: string;
  name: string;
  permissions: string[];
}

/** A custom role: any set of named permissions, under a code of the library's choosing. */
export async function createRole(db: Kysely<Database>, clock: Clock, actor: Actor, input: NewRole): Promise<{ id: string }> {
  const unknown = input.permissions.filter((permission) => !isPermission(permission));
  if (unknown.length > 0) throw new DomainError('VALIDATION_FAILED', `Unknown permissions: ${unknown.join(', ')}.`, { unknown });
  return db.transaction().execute(async (trx) => {
    if (await findRoleByCode(trx, actor.institutionId, input.code)) {
      throw new DomainError('DUPLICATE_CODE', `There is already a role with code ${input.code}.`, { code: input.code });
    }
    const id = newId();
    await trx.insertInto('staff_role').values({ id, institution_id: actor.institutionId, code: input.code, name: input.name, built_in: false }).execute();
    if (input.permissions.length > 0) {
      await trx.insertInto('staff_role_permission').values([...new Set(input.permissions)].map((permission) => ({ role_id: id, permission }))).execute();
    }
    await recordAuditEvent(trx, actor, clock.now(), { action: 'role.create', entityType: 'staff_role', entityId: id, after: input });
    return { id };
  });
}

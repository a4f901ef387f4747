import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/audit.queries.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { hashSecret } from './password.ts';
import { builtInRoles, isPermission } from './permissions.ts';
import { clearSignInFailures, findRoleByCode, findStaffByUsername, permissionsOfRole } from './staff.queries.ts';

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

export interface StaffAccountChanges {
  displayName?: string | undefined;
  email?: string | null | undefined;
  roleCode?: string | undefined;
  active?: boolean | undefined;
  /** Clear a lock-out after too many wrong passwords. */
  unlock?: boolean | undefined;
  password?: string | undefined;
}

/** Edit a staff account of the actor's institution: details, role, active flag, lock, password. */
export async function updateStaffAccount(db: Kysely<Database>, clock: Clock, actor: Actor, staffId: string, changes: StaffAccountChanges): Promise<void> {
  const passwordHash = changes.password === undefined ? undefined : await hashSecret(changes.password);
  await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom('staff_account').selectAll().where('id', '=', staffId).where('institution_id', '=', actor.institutionId).executeTakeFirst();
    if (!account) throw new DomainError('STAFF_NOT_FOUND', 'There is no such staff account.', { staffId });
    let roleId = account.role_id;
    if (changes.roleCode !== undefined) {
      const role = await findRoleByCode(trx, actor.institutionId, changes.roleCode);
      if (!role) throw new DomainError('ROLE_NOT_FOUND', `There is no role ${changes.roleCode}.`, { roleCode: changes.roleCode });
      roleId = role.id;
    }
    const before = { displayName: account.display_name, email: account.email, roleId: account.role_id, active: Boolean(account.active) };
    const after = {
      displayName: changes.displayName ?? account.display_name,
      email: changes.email === undefined ? account.email : changes.email,
      roleId,
      active: changes.active ?? Boolean(account.active),
    };
    await trx
      .updateTable('staff_account')
      .set({
        display_name: after.displayName,
        email: after.email,
        role_id: after.roleId,
        active: after.active,
        ...(passwordHash ? { password_hash: passwordHash } : {}),
      })
      .where('id', '=', staffId)
      .execute();
    // Unlock: the sign-in pauses of this username at every address end.
    if (changes.unlock) await clearSignInFailures(trx, account.username);
    // A deactivated account or a new password ends the sessions already open.
    if (!after.active || passwordHash) await trx.deleteFrom('staff_session').where('staff_id', '=', staffId).execute();
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'staff.update',
      entityType: 'staff_account',
      entityId: staffId,
      before,
      after: { ...after, passwordChanged: passwordHash !== undefined, ...(changes.unlock ? { unlocked: true } : {}) },
    });
  });
}

/** Replace a custom role's name and permissions. Built-in roles are fixed so upgrades can extend them. */
export async function updateRole(db: Kysely<Database>, clock: Clock, actor: Actor, roleId: string, changes: { name?: string | undefined; permissions?: string[] | undefined }): Promise<void> {
  const unknown = (changes.permissions ?? []).filter((permission) => !isPermission(permission));
  if (unknown.length > 0) throw new DomainError('VALIDATION_FAILED', `Unknown permissions: ${unknown.join(', ')}.`, { unknown });
  await db.transaction().execute(async (trx) => {
    const role = await trx.selectFrom('staff_role').selectAll().where('id', '=', roleId).where('institution_id', '=', actor.institutionId).executeTakeFirst();
    if (!role) throw new DomainError('ROLE_NOT_FOUND', 'There is no such role.', { roleId });
    if (role.built_in) throw new DomainError('CONFLICT', `${role.name} is a built-in role; create a custom role to change permissions.`, { roleId });
    const before = { name: role.name, permissions: await permissionsOfRole(trx, roleId) };
    if (changes.name !== undefined) await trx.updateTable('staff_role').set({ name: changes.name }).where('id', '=', roleId).execute();
    if (changes.permissions !== undefined) {
      await trx.deleteFrom('staff_role_permission').where('role_id', '=', roleId).execute();
      const granted = [...new Set(changes.permissions)];
      if (granted.length > 0) await trx.insertInto('staff_role_permission').values(granted.map((permission) => ({ role_id: roleId, permission }))).execute();
    }
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'role.update',
      entityType: 'staff_role',
      entityId: roleId,
      before,
      after: { name: changes.name ?? role.name, permissions: changes.permissions ?? before.permissions },
    });
  });
}

/** After an upgrade adds permissions, give every institution's built-in roles their current set. */
export async function syncBuiltInRolesOfAllInstitutions(db: Kysely<Database>): Promise<void> {
  const institutions = await db.selectFrom('institution').select('id').execute();
  await db.transaction().execute(async (trx) => {
    for (const institution of institutions) await ensureBuiltInRoles(trx, institution.id);
  });
}

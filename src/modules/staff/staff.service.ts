import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { hashSecret } from './password.ts';
import { builtInRoles, isPermission } from './permissions.ts';
import {
  allInstitutionIds,
  clearSignInFailures,
  deleteSessionsOfStaff,
  findRoleByCode,
  findRoleOfInstitution,
  findStaffAccountOfInstitution,
  findStaffByUsername,
  grantRolePermissions,
  insertRole,
  insertStaffAccount,
  permissionsOfRole,
  renameRole,
  replaceRolePermissions,
  updateStaffAccountRow,
} from './staff.queries.ts';

/** Give an institution the four built-in roles (idempotent: existing roles get their permissions reset). */
export async function ensureBuiltInRoles(trx: Kysely<Database>, institutionId: string): Promise<void> {
  for (const [code, role] of Object.entries(builtInRoles)) {
    let existing = await findRoleByCode(trx, institutionId, code);
    if (!existing) {
      const id = newId();
      await insertRole(trx, { id, institution_id: institutionId, code, name: role.name, built_in: true });
      existing = { id, institution_id: institutionId, code, name: role.name, built_in: true };
    }
    await replaceRolePermissions(trx, existing.id, role.permissions);
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
    await insertStaffAccount(trx, {
      id,
      institution_id: input.institutionId,
      username: input.username,
      display_name: input.displayName,
      email: input.email ?? null,
      password_hash: passwordHash,
      role_id: role.id,
      created_at: clock.now().toISOString(),
    });
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
    await insertRole(trx, { id, institution_id: actor.institutionId, code: input.code, name: input.name, built_in: false });
    await grantRolePermissions(trx, id, input.permissions);
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
    const account = await findStaffAccountOfInstitution(trx, actor.institutionId, staffId);
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
    await updateStaffAccountRow(trx, staffId, {
      display_name: after.displayName,
      email: after.email,
      role_id: after.roleId,
      active: after.active,
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    });
    // Unlock: the sign-in pauses of this username at every address end.
    if (changes.unlock) await clearSignInFailures(trx, account.username);
    // A deactivated account or a new password ends the sessions already open.
    if (!after.active || passwordHash) await deleteSessionsOfStaff(trx, staffId);
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
    const role = await findRoleOfInstitution(trx, actor.institutionId, roleId);
    if (!role) throw new DomainError('ROLE_NOT_FOUND', 'There is no such role.', { roleId });
    if (role.built_in) throw new DomainError('CONFLICT', `${role.name} is a built-in role; create a custom role to change permissions.`, { roleId });
    const before = { name: role.name, permissions: await permissionsOfRole(trx, roleId) };
    if (changes.name !== undefined) await renameRole(trx, roleId, changes.name);
    if (changes.permissions !== undefined) await replaceRolePermissions(trx, roleId, changes.permissions);
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
  const institutionIds = await allInstitutionIds(db);
  await db.transaction().execute(async (trx) => {
    for (const institutionId of institutionIds) await ensureBuiltInRoles(trx, institutionId);
  });
}

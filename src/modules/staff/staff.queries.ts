import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, StaffAccountTable, StaffRoleTable, StaffSessionTable } from '../../db/schema.ts';
import type { SignInFailures } from './sign-in.policy.ts';

export async function findStaffByUsername(db: Kysely<Database>, username: string) {
  return db.selectFrom('staff_account').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function permissionsOfRole(db: Kysely<Database>, roleId: string): Promise<string[]> {
  const rows = await db.selectFrom('staff_role_permission').select('permission').where('role_id', '=', roleId).execute();
  return rows.map((row) => row.permission);
}

/**
 * A session with its staff member, role and institution, and the role's permissions: one query
 * (a row per permission), since every signed-in request asks it.
 */
export async function findSessionWithStaff(db: Kysely<Database>, sessionId: string) {
  const rows = await db
    .selectFrom('staff_session')
    .innerJoin('staff_account', 'staff_account.id', 'staff_session.staff_id')
    .innerJoin('staff_role', 'staff_role.id', 'staff_account.role_id')
    .innerJoin('institution', 'institution.id', 'staff_account.institution_id')
    .leftJoin('staff_role_permission', 'staff_role_permission.role_id', 'staff_role.id')
    .select([
      'staff_session.id as sessionId',
      'staff_session.csrf_token as csrfToken',
      'staff_session.expires_at as expiresAt',
      'staff_session.last_seen_at as lastSeenAt',
      'staff_session.created_at as createdAt',
      'staff_account.id as staffId',
      'staff_account.username',
      'staff_account.display_name as displayName',
      'staff_account.active',
      'staff_account.institution_id as institutionId',
      'institution.code as institutionCode',
      'institution.name as institutionName',
      'staff_role.id as roleId',
      'staff_role.code as roleCode',
      'staff_role.name as roleName',
      'staff_role_permission.permission',
    ])
    .where('staff_session.id', '=', sessionId)
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  const { permission: _permission, ...session } = first;
  return { ...session, permissions: rows.flatMap((row) => (row.permission === null ? [] : [row.permission])) };
}

export async function listStaff(db: Kysely<Database>, institutionId: string, limit: number, offset: number) {
  const base = db.selectFrom('staff_account').innerJoin('staff_role', 'staff_role.id', 'staff_account.role_id').where('staff_account.institution_id', '=', institutionId);
  const [rows, count] = await Promise.all([
    base
      .select([
        'staff_account.id',
        'staff_account.username',
        'staff_account.display_name as displayName',
        'staff_account.email',
        'staff_account.active',
        'staff_account.last_sign_in_at as lastSignInAt',
        // The latest pause of this username at any address; the supervisor's unlock clears them all.
        (eb) =>
          eb
            .selectFrom('staff_sign_in_failure')
            .select((inner) => inner.fn.max('staff_sign_in_failure.locked_until').as('lockedUntil'))
            .whereRef('staff_sign_in_failure.username', '=', 'staff_account.username')
            .as('lockedUntil'),
        'staff_role.code as roleCode',
        'staff_role.name as roleName',
      ])
      .orderBy('staff_account.username')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((row) => ({ ...row, active: Boolean(row.active) })), total: Number(count.total) };
}

export async function listRoles(db: Kysely<Database>, institutionId: string) {
  const roles = await db.selectFrom('staff_role').selectAll().where('institution_id', '=', institutionId).orderBy('name').execute();
  const grants = await db
    .selectFrom('staff_role_permission')
    .innerJoin('staff_role', 'staff_role.id', 'staff_role_permission.role_id')
    .select(['staff_role_permission.role_id as roleId', 'staff_role_permission.permission'])
    .where('staff_role.institution_id', '=', institutionId)
    .execute();
  return roles.map((role) => ({
    id: role.id,
    code: role.code,
    name: role.name,
    builtIn: Boolean(role.built_in),
    permissions: grants.filter((grant) => grant.roleId === role.id).map((grant) => grant.permission).sort(),
  }));
}

export async function findRoleByCode(db: Kysely<Database>, institutionId: string, code: string) {
  return db.selectFrom('staff_role').selectAll().where('institution_id', '=', institutionId).where('code', '=', code).executeTakeFirst();
}

/** Wrong-password count of a username at one client address (the username need not exist). */
export async function findSignInFailures(db: Kysely<Database>, username: string, remoteAddress: string): Promise<SignInFailures | undefined> {
  const row = await db
    .selectFrom('staff_sign_in_failure')
    .select(['failures', 'first_failed_at as firstFailedAt', 'locked_until as lockedUntil'])
    .where('username', '=', username)
    .where('remote_address', '=', remoteAddress)
    .executeTakeFirst();
  return row && { ...row, failures: Number(row.failures) };
}

export async function saveSignInFailures(db: Kysely<Database>, username: string, remoteAddress: string, next: SignInFailures): Promise<void> {
  const values = { failures: next.failures, first_failed_at: next.firstFailedAt, locked_until: next.lockedUntil };
  await db
    .insertInto('staff_sign_in_failure')
    .values({ username, remote_address: remoteAddress, ...values })
    .onConflict((conflict) => conflict.columns(['username', 'remote_address']).doUpdateSet(values))
    .execute();
}

/** Forget wrong passwords of a username: at one address after a right one, or everywhere (a supervisor's unlock). */
export async function clearSignInFailures(db: Kysely<Database>, username: string, remoteAddress?: string): Promise<void> {
  let query = db.deleteFrom('staff_sign_in_failure').where('username', '=', username);
  if (remoteAddress !== undefined) query = query.where('remote_address', '=', remoteAddress);
  await query.execute();
}

/** Sweep what has run out: expired staff sessions, and wrong-password counts older than any pause. */
export async function deleteExpiredSignIns(db: Kysely<Database>, now: Date, failuresOlderThan: Date): Promise<void> {
  const instant = now.toISOString();
  await db.deleteFrom('staff_session').where('expires_at', '<=', instant).execute();
  await db
    .deleteFrom('staff_sign_in_failure')
    .where('first_failed_at', '<', failuresOlderThan.toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', instant)]))
    .execute();
}

export async function findStaffAccountOfInstitution(db: Kysely<Database>, institutionId: string, staffId: string) {
  return db.selectFrom('staff_account').selectAll().where('id', '=', staffId).where('institution_id', '=', institutionId).executeTakeFirst();
}

export async function insertStaffAccount(db: Kysely<Database>, account: Insertable<StaffAccountTable>): Promise<void> {
  await db.insertInto('staff_account').values(account).execute();
}

export async function updateStaffAccountRow(db: Kysely<Database>, staffId: string, changes: Updateable<StaffAccountTable>): Promise<void> {
  await db.updateTable('staff_account').set(changes).where('id', '=', staffId).execute();
}

/** End every open session of a staff member (deactivated, or a new password). */
export async function deleteSessionsOfStaff(db: Kysely<Database>, staffId: string): Promise<void> {
  await db.deleteFrom('staff_session').where('staff_id', '=', staffId).execute();
}

export async function findRoleOfInstitution(db: Kysely<Database>, institutionId: string, roleId: string) {
  return db.selectFrom('staff_role').selectAll().where('id', '=', roleId).where('institution_id', '=', institutionId).executeTakeFirst();
}

export async function insertRole(db: Kysely<Database>, role: Insertable<StaffRoleTable>): Promise<void> {
  await db.insertInto('staff_role').values(role).execute();
}

export async function renameRole(db: Kysely<Database>, roleId: string, name: string): Promise<void> {
  await db.updateTable('staff_role').set({ name }).where('id', '=', roleId).execute();
}

/** Grant a role these permissions (duplicates ignored); nothing is written for an empty list. */
export async function grantRolePermissions(db: Kysely<Database>, roleId: string, permissions: readonly string[]): Promise<void> {
  const granted = [...new Set(permissions)];
  if (granted.length > 0) await db.insertInto('staff_role_permission').values(granted.map((permission) => ({ role_id: roleId, permission }))).execute();
}

/** A role's permissions become exactly these. */
export async function replaceRolePermissions(db: Kysely<Database>, roleId: string, permissions: readonly string[]): Promise<void> {
  await db.deleteFrom('staff_role_permission').where('role_id', '=', roleId).execute();
  await grantRolePermissions(db, roleId, permissions);
}

export async function allInstitutionIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('institution').select('id').execute();
  return rows.map((row) => row.id);
}

/** A staff member signed in: note when, and open the session. */
export async function openStaffSession(db: Kysely<Database>, session: Insertable<StaffSessionTable>, signedInAt: string): Promise<void> {
  await db.updateTable('staff_account').set({ last_sign_in_at: signedInAt }).where('id', '=', session.staff_id).execute();
  await db.insertInto('staff_session').values(session).execute();
}

export async function slideSessionExpiry(db: Kysely<Database>, table: 'staff_session' | 'portal_session', sessionId: string, now: Date, nextExpiry: Date): Promise<void> {
  await db.updateTable(table).set({ last_seen_at: now.toISOString(), expires_at: nextExpiry.toISOString() }).where('id', '=', sessionId).execute();
}

export async function deleteStaffSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_session').where('id', '=', sessionId).execute();
}

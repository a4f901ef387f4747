import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, SipAccountTable } from '../../db/schema.ts';
import type { SipAccount, SipCharset } from './sip-contract.ts';

/**
 * The SQL of SIP accounts. Lists are scoped to one institution; login looks a username up everywhere.
 * An account is read with its institution's code and zone and its service point's code: a declared read
 * model (docs/architecture.md), one statement per login.
 */

export type SipAccountRow = Selectable<SipAccountTable> & { institution_code: string; time_zone: string; service_point_code: string };

function accountsWithInstitution(db: Kysely<Database>) {
  return db
    .selectFrom('sip_account')
    .innerJoin('institution', 'institution.id', 'sip_account.institution_id')
    .innerJoin('service_point', 'service_point.id', 'sip_account.service_point_id')
    .selectAll('sip_account')
    .select(['institution.code as institution_code', 'institution.time_zone', 'service_point.code as service_point_code']);
}

/** Every account with this username, in any institution (usernames are unique per institution only). */
export async function findSipAccountsByUsername(db: Kysely<Database>, username: string): Promise<SipAccountRow[]> {
  return accountsWithInstitution(db).where('sip_account.username', '=', username).orderBy('sip_account.created_at').execute();
}

export async function findSipAccountByUsername(db: Kysely<Database>, institutionId: string, username: string): Promise<SipAccountRow | undefined> {
  return accountsWithInstitution(db).where('sip_account.institution_id', '=', institutionId).where('sip_account.username', '=', username).executeTakeFirst();
}

export async function listSipAccountRows(db: Kysely<Database>, institutionId: string): Promise<SipAccountRow[]> {
  return accountsWithInstitution(db).where('sip_account.institution_id', '=', institutionId).orderBy('sip_account.username').execute();
}

export async function insertSipAccount(db: Kysely<Database>, row: Insertable<SipAccountTable>): Promise<void> {
  await db.insertInto('sip_account').values(row).execute();
}

export async function setSipAccountEnabledRow(db: Kysely<Database>, accountId: string, enabled: boolean, at: string): Promise<void> {
  await db.updateTable('sip_account').set({ enabled, updated_at: at }).where('id', '=', accountId).execute();
}

export async function clearSipLoginFailures(db: Kysely<Database>, accountId: string): Promise<void> {
  await db.updateTable('sip_account').set({ failed_logins: 0, locked_until: null }).where('id', '=', accountId).execute();
}

/** One more wrong password, counted in SQL so that guesses on parallel connections all count. */
export async function countSipLoginFailure(db: Kysely<Database>, accountId: string): Promise<void> {
  await db.updateTable('sip_account').set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) })).where('id', '=', accountId).execute();
}

/** Locks the account when its wrong passwords reached `maxFailures`; true only for the one statement that locked it. */
export async function lockSipAccountAtLimit(db: Kysely<Database>, accountId: string, maxFailures: number, lockedUntil: string): Promise<boolean> {
  const locked = await db
    .updateTable('sip_account')
    .set({ failed_logins: 0, locked_until: lockedUntil })
    .where('id', '=', accountId)
    .where('failed_logins', '>=', maxFailures)
    .executeTakeFirst();
  return Number(locked.numUpdatedRows) > 0;
}

export function toSipAccount(row: SipAccountRow): SipAccount {
  return {
    id: row.id,
    username: row.username,
    institutionId: row.institution_id,
    institutionCode: row.institution_code,
    servicePointId: row.service_point_id,
    allowedMessages: JSON.parse(row.allowed_messages) as string[],
    seesPatronDetails: Boolean(row.sees_patron_details),
    charset: row.charset as SipCharset,
    requiresPatronPin: Boolean(row.requires_patron_pin),
    patronDetailsNeedPin: Boolean(row.patron_details_need_pin),
    checkInNotOnLoanOk: Boolean(row.check_in_not_on_loan_ok),
  };
}

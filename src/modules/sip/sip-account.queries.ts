import type { Kysely, Selectable } from 'kysely';
import type { Database, SipAccountTable } from '../../db/schema.ts';
import type { SipAccount, SipCharset } from './sip-contract.ts';

/** The SQL of SIP accounts. Lists are scoped to one institution; login looks a username up everywhere. */

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

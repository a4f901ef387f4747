import type { Insertable, Kysely } from 'kysely';
import type { Database, PortalSessionTable } from '../../db/schema.ts';

export interface PortalLibrary {
  code: string;
  name: string;
  currency: string;
  locale: string;
  timeZone: string;
}

/** Institutions patrons can sign in to, for the portal's library chooser. */
export async function listPortalLibraries(db: Kysely<Database>): Promise<Array<{ code: string; name: string }>> {
  return db.selectFrom('institution').select(['code', 'name']).orderBy('name').execute();
}

export async function findPatronForSignIn(db: Kysely<Database>, libraryCode: string, barcode: string) {
  return db
    .selectFrom('patron')
    .innerJoin('institution', 'institution.id', 'patron.institution_id')
    .select(['patron.id', 'patron.institution_id as institutionId', 'patron.barcode', 'patron.status'])
    .where('institution.code', '=', libraryCode)
    .where('patron.barcode', '=', barcode)
    .executeTakeFirst();
}

/** The session with its patron's name and standing and its library: a declared read model (docs/architecture.md), one statement per portal request. */
export async function findPortalSession(db: Kysely<Database>, sessionId: string) {
  const row = await db
    .selectFrom('portal_session')
    .innerJoin('patron', 'patron.id', 'portal_session.patron_id')
    .innerJoin('institution', 'institution.id', 'portal_session.institution_id')
    .select([
      'portal_session.id as sessionId',
      'portal_session.csrf_token as csrfToken',
      'portal_session.created_at as createdAt',
      'portal_session.last_seen_at as lastSeenAt',
      'portal_session.expires_at as expiresAt',
      'patron.id as patronId',
      'patron.status as patronStatus',
      'patron.first_name',
      'patron.preferred_first_name',
      'patron.last_name',
      'institution.id as institutionId',
      'institution.code',
      'institution.name',
      'institution.currency',
      'institution.locale',
      'institution.time_zone',
    ])
    .where('portal_session.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    displayName: `${row.preferred_first_name ?? row.first_name} ${row.last_name}`,
    library: { code: row.code, name: row.name, currency: row.currency, locale: row.locale, timeZone: row.time_zone } satisfies PortalLibrary,
  };
}

/** Sessions past their end are only clutter (and a list of who used the portal): swept at each sign-in. */
export async function deleteExpiredPortalSessions(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('portal_session').where('expires_at', '<=', now.toISOString()).execute();
}

/** End every portal session of a patron: their PIN changed at the desk. */
export async function deletePortalSessionsOfPatron(db: Kysely<Database>, patronId: string): Promise<void> {
  await db.deleteFrom('portal_session').where('patron_id', '=', patronId).execute();
}

export async function insertPortalSession(db: Kysely<Database>, row: Insertable<PortalSessionTable>): Promise<void> {
  await db.insertInto('portal_session').values(row).execute();
}

export async function deletePortalSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('portal_session').where('id', '=', sessionId).execute();
}

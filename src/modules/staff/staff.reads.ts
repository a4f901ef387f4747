import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { PageQuery } from '../../platform/pagination.ts';
import { listRoles, listStaff } from './staff.queries.ts';

/** One page of the institution's staff accounts, by username, with role and any sign-in pause. */
export async function staffAccountsPage(db: Kysely<Database>, institutionId: string, page: PageQuery) {
  return listStaff(db, institutionId, page.limit, page.offset);
}

/** The institution's roles, by name, with their permissions. */
export async function rolesOfInstitution(db: Kysely<Database>, institutionId: string) {
  return listRoles(db, institutionId);
}

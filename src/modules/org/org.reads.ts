import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import { findInstitutionById, listInstitutionsByCode, findLocationByIdOrCode, listCampuses, listLibraries, listLocationCodes, listLocations, type LocationFilter } from './org.queries.ts';

/** The institution's own row; a signed-in session whose institution is gone is refused. */
export async function requireInstitution(db: Kysely<Database>, institutionId: string) {
  const institution = await findInstitutionById(db, institutionId);
  if (!institution) throw new DomainError('INSTITUTION_NOT_FOUND', 'Your institution no longer exists.');
  return institution;
}

/** Every institution the database holds, by code: what the scheduler and `carrel jobs run` go through. */
export async function institutionsInCodeOrder(db: Kysely<Database>) {
  return listInstitutionsByCode(db);
}

export async function campusesOfInstitution(db: Kysely<Database>, institutionId: string) {
  return listCampuses(db, institutionId);
}

export async function librariesOfInstitution(db: Kysely<Database>, institutionId: string) {
  return listLibraries(db, institutionId);
}

/** One page of shelving locations, optionally of one library. */
export async function locationsPage(db: Kysely<Database>, filter: Omit<LocationFilter, 'locationId'>) {
  return listLocations(db, filter);
}

/** A shelving location of the institution named by its id or its code; undefined when there is none. */
export async function locationByIdOrCode(db: Kysely<Database>, institutionId: string, idOrCode: string) {
  return findLocationByIdOrCode(db, institutionId, idOrCode);
}

/** Every shelving location's id and code (a MARC import maps the codes its records carry). */
export async function locationCodesOfInstitution(db: Kysely<Database>, institutionId: string) {
  return listLocationCodes(db, institutionId);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';

/** An institution by code, or the only one when no code is given (the common single-college case). */
export async function resolveInstitution(db: Kysely<Database>, code?: string) {
  if (code) {
    const institution = await db.selectFrom('institution').selectAll().where('code', '=', code).executeTakeFirst();
    if (!institution) throw new DomainError('INSTITUTION_NOT_FOUND', `There is no institution with code ${code}.`, { code });
    return institution;
  }
  const institutions = await db.selectFrom('institution').selectAll().orderBy('code').execute();
  const [only, ...others] = institutions;
  if (!only) throw new DomainError('INSTITUTION_NOT_FOUND', 'There is no institution yet: run `carrel seed --demo` first.');
  if (others.length > 0) {
    const codes = institutions.map((institution) => institution.code);
    throw new DomainError('VALIDATION_FAILED', `This database holds several institutions (${codes.join(', ')}): say which with --institution CODE.`, { codes });
  }
  return only;
}

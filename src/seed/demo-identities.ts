import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The documented demo identities (README lists them); they exist only in demo data. */
export const demoInstitutionCode = 'WVC';
export const demoPartnerCode = 'CGU';
export const demoStaffPassword = 'demo';

/** A line for the console after start-up, when the demo college is in this database. */
export async function demoSignInHint(db: Kysely<Database>): Promise<string | undefined> {
  const admin = await db.selectFrom('staff_account').select('username').where('username', '=', 'admin').executeTakeFirst();
  if (!admin) return undefined;
  return `Demo sign-in: admin / ${demoStaffPassword} (also supervisor, technician, student). Demo patron 21000000000001, PIN 1234.`;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { createStaffAccount } from '../../../src/modules/staff/staff.service.ts';
import { systemClock } from '../../../src/platform/clock.ts';

let counter = 0;

/** A staff account with a built-in role; the password is 'correct horse' unless given. */
export async function makeStaff(
  db: Kysely<Database>,
  institutionId: string,
  overrides: { roleCode?: string; username?: string; password?: string } = {},
): Promise<{ id: string; username: string; password: string }> {
  counter += 1;
  const username = overrides.username ?? `staff${process.pid}x${counter}`;
  const password = overrides.password ?? 'correct horse';
  const { id } = await createStaffAccount(db, systemClock, { kind: 'system', id: null, name: 'test', institutionId }, {
    institutionId,
    username,
    displayName: `Test ${username}`,
    password,
    roleCode: overrides.roleCode ?? 'administrator',
  });
  return { id, username, password };
}

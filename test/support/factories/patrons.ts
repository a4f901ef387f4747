import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { createPatron, type NewPatron } from '../../../src/modules/patrons/patron.service.ts';
import { systemClock } from '../../../src/platform/clock.ts';

let counter = 0;

export type PatronOverrides = Partial<Omit<NewPatron, 'patronGroupId'>> & { group?: string };

/** A patron of the institution, in the 'student' group unless `group` names another; barcodes are unique per call. */
export async function makePatron(db: Kysely<Database>, institutionId: string, overrides: PatronOverrides = {}) {
  counter += 1;
  const { group = 'student', ...fields } = overrides;
  const patronGroup = await db.selectFrom('patron_group').select('id').where('institution_id', '=', institutionId).where('code', '=', group).executeTakeFirstOrThrow();
  const { patron } = await createPatron(db, systemClock, { kind: 'system', id: null, name: 'test', institutionId }, {
    barcode: `29${process.pid % 1000}${String(counter).padStart(6, '0')}`,
    firstName: 'Pat',
    lastName: `Reader${counter}`,
    patronGroupId: patronGroup.id,
    ...fields,
  });
  return patron;
}

/** A load file: the header and one line per row, each row a record of column → cell. */
export function patronCsv(rows: Array<Record<string, string>>, columns = ['externalId', 'barcode', 'firstName', 'lastName', 'patronGroup']): string {
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column] ?? '')).join(','))].join('\n') + '\n';
}

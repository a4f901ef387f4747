import type { Kysely } from 'kysely';
import type { CarrelDatabase } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';

export interface DemoSeedOptions {
  /** Defaults: about 50,000 items on 30,000 instances and 5,000 patrons. */
  items?: number;
  patrons?: number;
}

export interface DemoSeedSummary {
  milliseconds: number;
  instances: number;
  items: number;
  patrons: number;
}

export async function databaseIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const institution = await db.selectFrom('institution').select('id').limit(1).executeTakeFirst();
  return institution === undefined;
}

export async function seedDemo(_database: CarrelDatabase, _clock: Clock, _options: DemoSeedOptions): Promise<DemoSeedSummary> {
  throw new Error('seedDemo is not written yet');
}

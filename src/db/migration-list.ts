import type { Migration } from 'kysely';
import * as foundation from './migrations/0001-foundation.ts';

/**
 * Every migration in order. Listed statically (not read from the folder) so that they load the
 * same way under tsx, Vitest and a bundler. Add new ones at the end; never edit an applied one.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
};

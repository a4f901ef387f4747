import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migration-list.ts';

function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationOutcome> {
  const result: MigrationResultSet = await migratorFor(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((step) => step.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: result.error });
  }
  return { applied: (result.results ?? []).filter((step) => step.status === 'Success').map((step) => step.migrationName) };
}

/** Names of migrations not yet applied; empty when the schema is current (used by /healthz). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.filter((migration) => !migration.executedAt).map((migration) => migration.name);
}

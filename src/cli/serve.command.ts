import type { Command } from 'commander';
import { sql, type Kysely } from 'kysely';
import { loadConfig, serveRoles, type CarrelConfig } from '../config.ts';
import type { CarrelDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import { openConfiguredDatabase } from '../db/open-configured.ts';
import { systemClock } from '../platform/clock.ts';
import { syncBuiltInRolesOfAllInstitutions } from '../modules/staff/index.ts';
import { databaseIsEmpty, seedDemo } from '../seed/demo-seed.ts';
import { demoSignInHint } from '../seed/demo-identities.ts';
import { reportCommandFailure } from './cli-context.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the staff client and the API (web), SIP2 (sip) and the daily jobs (jobs)')
    .option('--roles <list>', `what this node runs, comma-separated: ${serveRoles.join(', ')} (default: CARREL_ROLES, else all)`)
    .option('--seed-demo-if-empty', 'create the demo college when the database is empty (what npm start does)')
    .action(async (options: { roles?: string; seedDemoIfEmpty?: boolean }) => {
      try {
        // Loaded here, not at the top: the web app is most of the code, and every other carrel command starts faster without it.
        const { rolesOfNode, startServeNode, stopNodeOnSignals } = await import('./serve-node.ts');
        const config = loadConfig();
        const roles = rolesOfNode(config, options.roles);
        await prepareDatabase(config, options.seedDemoIfEmpty ?? false);
        const database = openConfiguredDatabase(config, { statementTimeoutMs: config.databaseStatementTimeoutMs });
        const node = await startServeNode(database, config, roles);
        stopNodeOnSignals(node, database, config.shutdownGraceSeconds * 1000);
        console.log(`\nThis node runs: ${roles.join(', ')} (database: ${database.location}).`);
        if (node.httpPort !== undefined) {
          const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          console.log(`Carrel is running: http://${shownHost}:${node.httpPort}/  (API docs at /api/docs)`);
          const hint = await demoSignInHint(database.db);
          if (hint) console.log(hint);
        }
        if (node.sipPort !== undefined) console.log(`SIP2 for self-check kiosks on port ${node.sipPort}${config.sipTlsCert ? ' (TLS)' : ''}.`);
        if (roles.includes('jobs')) console.log('Daily jobs run here (once per day across all nodes).');
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

/** Migrations and first-run work, on a connection without a statement timeout: they may take long on purpose. */
async function prepareDatabase(config: CarrelConfig, seedDemoIfEmpty: boolean): Promise<void> {
  const database = openConfiguredDatabase(config);
  try {
    await oneNodeAtATime(database, async (db) => {
      const { applied } = await migrateToLatest(db);
      if (applied.length > 0) console.log(`Database ${database.location}: applied ${applied.join(', ')}`);
      await syncBuiltInRolesOfAllInstitutions(db);
      if (seedDemoIfEmpty && (await databaseIsEmpty(db))) {
        console.log('Empty database: creating the demo college (Willamette Valley College)…');
        const summary = await seedDemo({ ...database, db }, systemClock, {});
        console.log(`Demo data ready in ${(summary.milliseconds / 1000).toFixed(1)} s: ${summary.items} items, ${summary.patrons} patrons.`);
      }
    });
  } finally {
    await database.close();
  }
}

/** Any number for the advisory lock, as long as only node start-up uses it. */
const startupLockKey = 47_112_026;

/**
 * Nodes starting together on one PostgreSQL database take turns (an advisory lock held by the
 * connection doing the work): otherwise two nodes rewrite the built-in roles at once and one fails.
 */
async function oneNodeAtATime(database: CarrelDatabase, work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  if (database.dialect !== 'postgres') return work(database.db);
  await database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${startupLockKey})`.execute(connection);
    try {
      await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(${startupLockKey})`.execute(connection);
    }
  });
}

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply database migrations')
    .action(async () => {
      try {
        const config = loadConfig();
        const database = openConfiguredDatabase(config);
        const { applied } = await migrateToLatest(database.db);
        await syncBuiltInRolesOfAllInstitutions(database.db);
        console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database schema is current.');
        await database.close();
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../db/open-configured.ts';
import { buildApp } from '../http/app.ts';
import { systemClock } from '../platform/clock.ts';
import { startScheduler } from '../modules/jobs/scheduler.ts';
import { startSipServer } from '../modules/sip/sip-server.ts';
import { syncBuiltInRolesOfAllInstitutions } from '../modules/staff/staff.service.ts';
import { databaseIsEmpty, seedDemo } from '../seed/demo-seed.ts';
import { demoSignInHint } from '../seed/demo-identities.ts';
import { reportCommandFailure } from './cli-context.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the staff client, the API and SIP2')
    .option('--seed-demo-if-empty', 'create the demo college when the database is empty (what npm start does)')
    .action(async (options: { seedDemoIfEmpty?: boolean }) => {
      try {
        const config = loadConfig();
        const database = openConfiguredDatabase(config);
        const { applied } = await migrateToLatest(database.db);
        if (applied.length > 0) console.log(`Database ${database.location}: applied ${applied.join(', ')}`);
        await syncBuiltInRolesOfAllInstitutions(database.db);
        if (options.seedDemoIfEmpty && (await databaseIsEmpty(database.db))) {
          console.log('Empty database: creating the demo college (Willamette Valley College)…');
          const summary = await seedDemo(database, systemClock, {});
          console.log(`Demo data ready in ${(summary.milliseconds / 1000).toFixed(1)} s: ${summary.items} items, ${summary.patrons} patrons.`);
        }
        const { app } = await buildApp({ database, config, clock: systemClock });
        await app.listen({ port: config.port, host: config.host });
        const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
        console.log(`\nCarrel is running: http://${shownHost}:${config.port}/  (API docs at /api/docs)`);
        if (await demoSignInHint(database.db)) console.log(await demoSignInHint(database.db));
        // Started once the app listens, so a node that cannot serve never runs jobs.
        const scheduler = config.scheduler ? startScheduler({ db: database.db, clock: systemClock, config, logger: app.log }) : undefined;
        const sip = await startSipServer({
          db: database.db,
          clock: systemClock,
          config,
          logger: app.log.child({ module: 'sip' }),
          port: config.sipPort,
          host: config.host,
          tls: config.sipTlsCert && config.sipTlsKey ? { cert: fs.readFileSync(config.sipTlsCert), key: fs.readFileSync(config.sipTlsKey) } : undefined,
        });
        console.log(`SIP2 for self-check kiosks on port ${sip.port}${config.sipTlsCert ? ' (TLS)' : ''}.`);
        const shutdown = async () => {
          await sip.close();
          await scheduler?.stop();
          await app.close();
          await database.close();
          process.exit(0);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      } catch (error) {
        reportCommandFailure(error);
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

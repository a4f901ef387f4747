import { InvalidArgumentError, type Command } from 'commander';
import { systemClock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { demoInstitutionCode, demoSignInHint } from '../seed/demo-identities.ts';
import { defaultDemoItems, defaultDemoPatrons, demoCollegeExists, seedDemo } from '../seed/demo-seed.ts';
import { reportCommandFailure, withDatabase } from './cli-context.ts';

export function wholeNumber(value: string): number {
  const number = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('Expected a whole number.');
  return number;
}

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('Fill the database with demo data: Willamette Valley College and a consortium partner')
    .option('--demo', 'create the demo college with its documented sign-ins (see the README)')
    .option('--items <n>', `items at the college (default ${defaultDemoItems.toLocaleString('en-US')})`, wholeNumber)
    .option('--patrons <n>', `generated patrons at the college (default ${defaultDemoPatrons.toLocaleString('en-US')})`, wholeNumber)
    .action(async (options: { demo?: boolean; items?: number; patrons?: number }) => {
      if (!options.demo) {
        console.error('Say what to seed: `carrel seed --demo` creates the demo college.');
        process.exit(1);
      }
      try {
        await withDatabase(async (database) => {
          if (await demoCollegeExists(database.db)) {
            throw new DomainError(
              'DUPLICATE_CODE',
              `This database already holds the demo college (institution ${demoInstitutionCode}). Point CARREL_DATA_DIR or DATABASE_URL at an empty database to seed again.`,
            );
          }
          console.log(`Creating the demo college in ${database.location}…`);
          const summary = await seedDemo(database, systemClock, { items: options.items, patrons: options.patrons });
          console.log(
            `Done in ${(summary.milliseconds / 1000).toFixed(1)} s: ${summary.instances.toLocaleString('en-US')} titles, ` +
              `${summary.items.toLocaleString('en-US')} items, ${summary.patrons.toLocaleString('en-US')} patrons (college and partner).`,
          );
          const hint = await demoSignInHint(database.db);
          if (hint) console.log(hint);
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

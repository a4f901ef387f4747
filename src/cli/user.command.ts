import type { Command } from 'commander';
import { resolveInstitution } from '../modules/org/index.ts';
import { createStaffAccount } from '../modules/staff/index.ts';
import { systemClock } from '../platform/clock.ts';
import { commandLineActor, reportCommandFailure, withDatabase } from './cli-context.ts';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Staff accounts');
  user
    .command('add')
    .description('Create a staff account')
    .requiredOption('--username <name>', 'sign-in name')
    .requiredOption('--password <password>', 'initial password (8 characters or more)')
    .option('--name <display name>', 'name shown in the staff client')
    .option('--role <code>', 'administrator, supervisor, technician, student-worker or a custom role', 'technician')
    .option('--email <address>')
    .option('--institution <code>', 'institution code (needed when the database holds several)')
    .action(async (options: { username: string; password: string; name?: string; role: string; email?: string; institution?: string }) => {
      try {
        if (options.password.length < 8) throw new Error('The password needs at least 8 characters.');
        await withDatabase(async ({ db }) => {
          const institution = await resolveInstitution(db, options.institution);
          const { id } = await createStaffAccount(db, systemClock, commandLineActor(institution.id, 'user add'), {
            institutionId: institution.id,
            username: options.username,
            displayName: options.name ?? options.username,
            email: options.email,
            password: options.password,
            roleCode: options.role,
          });
          console.log(`Created ${options.username} (${options.role}) at ${institution.code}: ${id}`);
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
}

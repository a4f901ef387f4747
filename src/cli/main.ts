import { Command } from 'commander';
import { registerImportMarcCommand } from './import-marc.command.ts';
import { registerImportPatronsCommand } from './import-patrons.command.ts';
import { registerSeedCommand } from './seed.command.ts';
import { registerMigrateCommand, registerServeCommand } from './serve.command.ts';
import { registerUserCommands } from './user.command.ts';
import { registerSipAccountCommands } from './sip-account.command.ts';
import { registerBenchCommand } from './bench.command.ts';
import { registerLoadTestCommand } from './load-test.command.ts';
import { registerJobsCommand } from './jobs.command.ts';
import { registerConfigCommands } from './config.command.ts';
import { registerCheckCommand } from './check.command.ts';
import { registerBackupCommands } from './backup.command.ts';
import { registerDataTransferCommands } from './data-transfer.command.ts';

const program = new Command('carrel').description('Carrel: access services for libraries').showHelpAfterError();

registerServeCommand(program);
registerMigrateCommand(program);
registerSeedCommand(program);
const importCommand = program.command('import').description('Load records from files');
registerImportMarcCommand(importCommand);
registerImportPatronsCommand(importCommand);
registerUserCommands(program);
registerSipAccountCommands(program);
registerBenchCommand(program);
registerLoadTestCommand(program);
registerJobsCommand(program);
registerConfigCommands(program);
registerCheckCommand(program);
registerBackupCommands(program);
registerDataTransferCommands(program, importCommand);

await program.parseAsync(process.argv);

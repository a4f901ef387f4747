import type { Command } from 'commander';
import { resolveInstitution } from '../modules/org/index.ts';
import { createSipAccount, listSipAccounts, setSipAccountEnabled, sipRequestMessages } from '../modules/sip/index.ts';
import type { SipCharset } from '../modules/sip/index.ts';
import { systemClock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { commandLineActor, reportCommandFailure, withDatabase } from './cli-context.ts';

const charsets: readonly SipCharset[] = ['utf-8', 'latin1', 'ascii'];

interface AddOptions {
  institution?: string;
  username: string;
  password: string;
  servicePoint: string;
  messages?: string;
  charset: string;
  patronDetails: boolean;
  requirePin?: boolean;
  patronDetailsWithoutPin?: boolean;
  checkInNotOnLoanOk?: boolean;
}

/** `carrel sip-account add|list|disable|enable`: the accounts self-check kiosks and printing systems log in with. */
export function registerSipAccountCommands(program: Command): void {
  const sipAccount = program.command('sip-account').description('SIP2 accounts for self-check kiosks, return bins, printing and PC booking');
  sipAccount
    .command('add')
    .description('Create a SIP2 account')
    .option('--institution <code>', 'institution code, the AO the kiosk sends (needed when the database holds several)')
    .requiredOption('--username <name>', 'login user id (CN)')
    .requiredOption('--password <password>', 'login password (CO)')
    .requiredOption('--service-point <code>', 'service point its transactions belong to, e.g. RIV-CIRC')
    .option('--messages <list>', `request messages it may use, comma-separated (default: all of ${sipRequestMessages.join(',')})`)
    .option('--charset <charset>', 'utf-8, latin1 or ascii (accents removed)', 'utf-8')
    .option('--no-patron-details', 'never send addresses, email, phone or birth date')
    .option('--require-pin', "every patron message must carry the patron's PIN")
    .option('--patron-details-without-pin', "send patron details even when the patron's PIN was not given (default: only with the right PIN)")
    .option('--check-in-not-on-loan-ok', 'answer ok to a check-in of an item that was not on loan (default: not ok, so sorters set it aside)')
    .action(async (options: AddOptions) => {
      try {
        if (!charsets.includes(options.charset as SipCharset)) {
          throw new DomainError('VALIDATION_FAILED', `--charset must be one of ${charsets.join(', ')}.`, { charset: options.charset });
        }
        await withDatabase(async ({ db }) => {
          const institution = await resolveInstitution(db, options.institution);
          const account = await createSipAccount(db, systemClock, commandLineActor(institution.id, 'sip-account add'), {
            institutionId: institution.id,
            username: options.username,
            password: options.password,
            servicePointCode: options.servicePoint,
            allowedMessages: options.messages ? options.messages.split(',').map((message) => message.trim()).filter(Boolean) : undefined,
            seesPatronDetails: options.patronDetails,
            charset: options.charset as SipCharset,
            requiresPatronPin: Boolean(options.requirePin),
            patronDetailsNeedPin: !options.patronDetailsWithoutPin,
            checkInNotOnLoanOk: Boolean(options.checkInNotOnLoanOk),
          });
          console.log(`Created SIP account ${account.username} at ${account.institutionCode} (${account.servicePointCode}): messages ${account.allowedMessages.join(',')}`);
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
  sipAccount
    .command('list')
    .description('List the SIP2 accounts of an institution')
    .option('--institution <code>', 'institution code (needed when the database holds several)')
    .action(async (options: { institution?: string }) => {
      try {
        await withDatabase(async ({ db }) => {
          const institution = await resolveInstitution(db, options.institution);
          const accounts = await listSipAccounts(db, institution.id);
          if (accounts.length === 0) console.log(`No SIP accounts at ${institution.code}.`);
          for (const account of accounts) {
            const traits = [
              account.enabled ? 'enabled' : 'disabled',
              account.charset,
              account.seesPatronDetails ? (account.patronDetailsNeedPin ? 'patron details with PIN' : 'patron details without PIN') : 'no patron details',
              account.requiresPatronPin ? 'PIN required' : 'PIN optional',
              account.checkInNotOnLoanOk ? 'check-in not on loan ok' : 'check-in not on loan refused',
            ];
            console.log(`${account.username}  ${account.institutionCode}/${account.servicePointCode}  messages ${account.allowedMessages.join(',')}  ${traits.join(', ')}`);
          }
        });
      } catch (error) {
        reportCommandFailure(error);
      }
    });
  for (const [name, enabled] of [['disable', false], ['enable', true]] as const) {
    sipAccount
      .command(name)
      .description(`${enabled ? 'Enable' : 'Disable'} a SIP2 account (a disabled account cannot log in)`)
      .requiredOption('--username <name>')
      .option('--institution <code>', 'institution code (needed when the database holds several)')
      .action(async (options: { username: string; institution?: string }) => {
        try {
          await withDatabase(async ({ db }) => {
            const institution = await resolveInstitution(db, options.institution);
            await setSipAccountEnabled(db, systemClock, commandLineActor(institution.id, `sip-account ${name}`), options.username, enabled);
            console.log(`${enabled ? 'Enabled' : 'Disabled'} SIP account ${options.username} at ${institution.code}.`);
          });
        } catch (error) {
          reportCommandFailure(error);
        }
      });
  }
}

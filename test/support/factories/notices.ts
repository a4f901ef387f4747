import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { newId } from '../../../src/platform/ids.ts';
import type { CarrelDatabase } from '../../../src/db/database.ts';
import type { NoticeTrigger } from '../../../src/modules/notices/notice-delivery.trigger.ts';
import type { Clock } from '../../../src/platform/clock.ts';
import { buildTestApp, signInAs } from '../http.ts';
import { startMailbox, type Mailbox } from '../mailbox.ts';
import { makeCirculationSetup, type CirculationSetup, type CirculationSetupOptions } from './circulation.ts';
import { openEveryDay } from './desk.ts';
import { makeInstitution, type InstitutionFixture } from './institution.ts';
import { makeStaff } from './staff.ts';

/** An open loan written straight to the table, lent under the setup's fallback rule at the main desk. */
export async function makeOpenLoan(
  db: Kysely<Database>,
  library: InstitutionFixture,
  setup: CirculationSetup,
  loan: { itemId: string; patronId: string; loanedAt: string; dueAt: string; recalledAt?: string },
): Promise<string> {
  const patron = await db.selectFrom('patron').select('patron_group_id').where('id', '=', loan.patronId).executeTakeFirstOrThrow();
  const id = newId();
  await db
    .insertInto('loan')
    .values({
      id,
      institution_id: library.institutionId,
      item_id: loan.itemId,
      patron_id: loan.patronId,
      patron_group_id: patron.patron_group_id,
      circulation_rule_id: setup.fallbackRuleId,
      loan_policy_id: setup.loanPolicyId,
      overdue_fine_policy_id: setup.overdueFinePolicyId,
      lost_item_policy_id: setup.lostItemPolicyId,
      checkout_service_point_id: library.servicePointId,
      loaned_at: loan.loanedAt,
      due_at: loan.dueAt,
      original_due_at: loan.dueAt,
      recalled_at: loan.recalledAt ?? null,
      updated_at: loan.loanedAt,
    })
    .execute();
  await db.updateTable('item').set({ status: 'checked-out' }).where('id', '=', loan.itemId).execute();
  return id;
}

/** A library whose desk is open every day, lending under the given policies, with its API on `smtpUrl` and a supervisor signed in. */
export async function makeNoticeDesk(database: CarrelDatabase, clock: Clock, smtpUrl: string, options: CirculationSetupOptions = {}) {
  const { app, noticeTrigger, events } = await buildTestApp(database, clock, { smtpUrl });
  const library = await makeInstitution(database.db);
  const setup = await makeCirculationSetup(database.db, library, options);
  await openEveryDay(database.db, library);
  const account = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor' });
  const supervisor = await signInAs(app, account.username, account.password);
  /** Sign in again after moving the clock (sessions expire). */
  const signIn = async () => signInAs(app, account.username, account.password);
  return { app, noticeTrigger, events, library, setup, supervisor, signIn };
}

/** The emails to one address, as the in-process mailbox received them. */
export const mailTo = (mailbox: Mailbox, address: string) => mailbox.mail.filter((mail) => mail.to.includes(address));

/** Wait for the delivery pass a desk action started (its use case's events ask for it once committed). */
export async function afterDeliveryPass(noticeTrigger: NoticeTrigger): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  await noticeTrigger.idle();
}

/** An SMTP URL nobody answers on. */
export async function deadSmtpUrl(): Promise<string> {
  const box = await startMailbox();
  await box.close();
  return box.url;
}

/** An email's text as the patron reads it: quoted-printable (used for non-ASCII and long lines) decoded. */
export function readableText(mail: { text: string }): string {
  const raw = mail.text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < raw.length; index += 1) {
    const hex = raw[index] === '=' ? /^[0-9A-F]{2}$/.exec(raw.slice(index + 1, index + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(raw[index]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

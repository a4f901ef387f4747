import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRole } from '../../src/modules/staff/staff.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { keepScreenshot, launchChromium, openStaffClient, seriousAxeFindings, signInOnPage, startServerForBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { makeCirculationSetup, makeRule } from '../support/factories/circulation.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';

type Account = { username: string; password: string };

/** A local date `days` from today, as a date field takes it. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

describe('deleting rules and policies, semester schedules and bursar transfer in Settings, in a browser', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let supervisor: Account;
  let technician: Account;
  let bursarClerk: Account;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ app, baseUrl } = await startServerForBrowser(database));
    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    supervisor = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor' });
    technician = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    // Runs the bursar batches but does not decide which groups go: may read settings, not edit them.
    await createRole(database.db, systemClock, { kind: 'system', id: null, name: 'test', institutionId: library.institutionId }, {
      code: 'bursar-clerk',
      name: 'Bursar clerk',
      permissions: ['catalog.read', 'patrons.read', 'org.read', 'circulation.read', 'fees.read', 'fees.transfer', 'settings.read'],
    });
    bursarClerk = await makeStaff(database.db, library.institutionId, { roleCode: 'bursar-clerk' });
    await makeCirculationSetup(database.db, library);
    await openEveryDay(database.db, library);
    // Laptops go out for 4 hours under their own loan policy, 'Laptops loan'.
    await makeRule(database.db, library, { name: 'Laptops', materialTypeId: library.materialTypes.laptop ?? null, loanPolicySettings: { loanPeriod: { kind: 'rolling', period: { amount: 4, unit: 'hours' } } } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  async function signIn(who: Account) {
    const page = await openStaffClient(browser, baseUrl, { width: 1280, height: 900 });
    await signInOnPage(page, who);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    return { context: page.context(), page };
  }

  const openArea = (page: Page, name: string) => page.getByRole('navigation', { name: 'Settings areas' }).getByRole('link', { name, exact: true }).click();

  it('refuses to delete a loan policy a rule uses, deletes the rule, then the policy', { timeout: 120_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    await openArea(page, 'Loan policies');
    await page.getByRole('button', { name: /Laptops loan/ }).click();
    await page.getByRole('button', { name: 'Delete Laptops loan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the loan policy Laptops loan?' });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    // The server's refusal, in its one sentence, and nothing deleted.
    await dialog.getByRole('alert').filter({ hasText: "is used by circulation rules: 'Laptops'." }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'settings-delete-policy-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await openArea(page, 'Circulation rules');
    await page.getByRole('rowheader', { name: 'Laptops' }).waitFor();
    // The fallback rule cannot be deleted, so it offers no Delete.
    expect(await page.getByRole('button', { name: /^Delete Fallback/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Delete Laptops' }).click();
    const ruleDialog = page.getByRole('dialog', { name: 'Delete the circulation rule Laptops?' });
    await ruleDialog.getByText('loans already made keep their due dates').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await ruleDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted Laptops.' }).waitFor();
    await page.getByRole('rowheader', { name: 'Laptops' }).waitFor({ state: 'detached' });

    await openArea(page, 'Loan policies');
    await page.getByRole('button', { name: /Laptops loan/ }).click();
    await page.getByRole('button', { name: 'Delete Laptops loan' }).click();
    await page.getByRole('dialog', { name: 'Delete the loan policy Laptops loan?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted Laptops loan.' }).waitFor();
    await page.getByRole('button', { name: /Laptops loan/ }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: /Standard loan/ }).count()).toBe(1);
    await context.close();
  });

  it('shows who last changed a circulation rule', { timeout: 90_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    await openArea(page, 'Circulation rules');
    await page.getByRole('button', { name: 'Edit Fallback' }).click();
    await page.getByLabel('Rule name').fill('Everything else');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Everything else.' }).waitFor();
    await page.getByText(new RegExp(`^Last changed by ${supervisor.username} at `)).waitFor();
    await context.close();
  });

  it('makes a semester schedule, lends by it, and cannot delete it while a loan policy uses it', { timeout: 150_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    await openArea(page, 'Fixed due date schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Semesters');
    await page.getByLabel('Code', { exact: true }).fill('semesters');
    await page.getByLabel('Loans made from, range 1').fill(dayFromToday(-10));
    await page.getByLabel('Until, range 1').fill(dayFromToday(10));
    // A due date before the last day of lending is refused beside the row, and nothing can be saved.
    await page.getByLabel('Are due, range 1').fill(dayFromToday(5));
    await page.getByText('In range 1 the last day must not be before the first').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await page.getByLabel('Are due, range 1').fill(dayFromToday(20));
    await page.getByRole('button', { name: 'Add a date range' }).click();
    // The next range starts the day after the last one ends.
    expect(await page.getByLabel('Loans made from, range 2').inputValue()).toBe(dayFromToday(11));
    await page.getByLabel('Until, range 2').fill(dayFromToday(100));
    await page.getByLabel('Are due, range 2').fill(dayFromToday(110));
    await page.getByText('Save the schedule to see when a loan made now would be due under it.').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Semesters.' }).waitFor();
    await page.getByText(/^A loan made now at Main Circulation Desk under this schedule would be due /).waitFor();
    await page.getByText(/Fixed due date schedule semesters: loans made /).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'settings-fixed-due-date-schedule');

    await openArea(page, 'Loan policies');
    await page.getByRole('button', { name: /Standard loan/ }).click();
    await page.getByLabel('Loans are due after').selectOption({ label: 'A fixed due date schedule' });
    await page.getByLabel('Fixed due date schedule', { exact: true }).selectOption({ label: 'Semesters (semesters)' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Standard loan.' }).waitFor();

    await openArea(page, 'Fixed due date schedules');
    await page.getByRole('button', { name: /Semesters/ }).click();
    await page.getByRole('button', { name: 'Delete Semesters' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the fixed due date schedule Semesters?' });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The schedule semesters cannot be deleted: loan policies standard-loan use it.' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await context.close();
  });

  it('sends students to the bursar after 30 days, and keeps it', { timeout: 90_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    await openArea(page, 'Bursar transfer');
    const send = page.getByLabel('Send fees of student to the bursar');
    const days = page.getByLabel('Days before fees of student go to the bursar');
    await send.check();
    await days.fill('soon');
    await page.getByText('Enter a whole number of days from 0 to 3650.').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await days.fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Bursar transfer rules saved.' }).waitFor();
    await page.getByText(new RegExp(`^Last changed by ${supervisor.username} at `)).waitFor();
    await page.getByText('Under the rules as saved, a transfer now would send nothing.').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'settings-bursar-transfer');

    await page.reload();
    expect(await page.getByLabel('Send fees of student to the bursar').isChecked()).toBe(true);
    expect(await page.getByLabel('Days before fees of student go to the bursar').inputValue()).toBe('30');
    expect(await page.getByLabel('Send fees of faculty to the bursar').isChecked()).toBe(false);
    await context.close();
  });

  it('shows the bursar rules read-only to a clerk without settings.edit, and no Delete to a technician', { timeout: 90_000 }, async () => {
    const clerk = await signIn(bursarClerk);
    await openArea(clerk.page, 'Bursar transfer');
    await clerk.page.getByText('changing that needs permission to edit settings').waitFor();
    expect(await clerk.page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await seriousAxeFindings(clerk.page)).toEqual([]);
    await clerk.context.close();

    const { context, page } = await signIn(technician);
    const areas = page.getByRole('navigation', { name: 'Settings areas' });
    await areas.getByRole('link', { name: 'Fixed due date schedules' }).waitFor();
    expect(await areas.getByRole('link', { name: 'Bursar transfer' }).count()).toBe(0);
    await openArea(page, 'Loan policies');
    await page.getByRole('button', { name: /Standard loan/ }).click();
    await page.getByText(/saving them needs permission to edit settings/).waitFor();
    expect(await page.getByRole('button', { name: /^Delete / }).count()).toBe(0);
    await openArea(page, 'Circulation rules');
    await page.getByRole('heading', { name: 'Rule tester' }).waitFor();
    expect(await page.getByRole('button', { name: /^Delete / }).count()).toBe(0);
    await context.close();
  });
});

import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchChromium, openStaffClient, seriousAxeFindings, signInOnPage, startServerForBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';

describe('the settings a supervisor edits, in a browser', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let supervisor: { username: string; password: string };
  let technician: { username: string; password: string };
  let administrator: { username: string; password: string };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ app, baseUrl } = await startServerForBrowser(database));
    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    supervisor = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor' });
    technician = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    administrator = await makeStaff(database.db, library.institutionId, { roleCode: 'administrator' });
    // 'Standard loan' lends for 21 days; the desk is open every day, so due dates stay put.
    await makeCirculationSetup(database.db, library);
    await openEveryDay(database.db, library);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  async function signIn(who: { username: string; password: string }) {
    const page = await openStaffClient(browser, baseUrl, { width: 1280, height: 900 });
    await signInOnPage(page, who);
    await page.getByRole('heading', { level: 1, name: 'Check out' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    return { context: page.context(), page };
  }

  const openArea = (page: Page, name: string) => page.getByRole('navigation', { name: 'Settings areas' }).getByRole('link', { name, exact: true }).click();

  async function askTheRuleTester(page: Page): Promise<string> {
    await openArea(page, 'Circulation rules');
    await page.getByRole('heading', { name: 'Rule tester' }).waitFor();
    await page.getByLabel('Patron group').first().selectOption({ label: 'student' });
    await page.getByLabel('Material type').first().selectOption({ label: 'book' });
    await page.getByLabel('Loan type').first().selectOption({ label: 'standard' });
    await page.getByLabel('Location').first().selectOption({ label: 'Stacks' });
    await page.getByText('Rule that applies: Fallback').waitFor();
    const due = page.getByText(/A loan made now at Main Circulation Desk would be due /);
    await due.waitFor();
    return (await due.textContent()) ?? '';
  }

  it('shortens the loan period of a loan policy and sees the rule tester give an earlier due date', { timeout: 120_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    const before = await askTheRuleTester(page);
    expect(await page.getByRole('table').first().textContent()).toContain('Standard loan');
    await keepScreenshot(page, 'settings-circulation-rules');

    await openArea(page, 'Loan policies');
    await page.getByRole('button', { name: /Standard loan/ }).click();
    const period = page.getByLabel('Loan period', { exact: true });
    expect(await period.inputValue()).toBe('21');
    // The preview beside the form answers before anything is saved.
    const preview = page.getByText(/^A loan made now would be due /);
    await preview.waitFor();
    const previewBefore = await preview.textContent();

    // Zero is not a loan period: the field says so and nothing can be saved.
    await period.fill('0');
    await page.getByText('Enter a whole number of 1 or more.').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    await period.fill('7');
    await page.getByLabel('Loan period unit').selectOption({ label: 'Days' });
    await preview.waitFor();
    expect(await preview.textContent()).not.toBe(previewBefore);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Standard loan.' }).waitFor();
    await keepScreenshot(page, 'settings-loan-policy');
    expect(await seriousAxeFindings(page)).toEqual([]);

    const after = await askTheRuleTester(page);
    expect(after).not.toBe(before);
    const dueOf = (text: string) => new Date(text.replace(/^.* would be due /, '')).getTime();
    expect(Math.round((dueOf(before) - dueOf(after)) / 86_400_000)).toBe(14);
    await keepScreenshot(page, 'settings-rule-tester-after-edit');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await context.close();
  });

  it('adds a closure to the desk calendar and sees the day closed in the month view', { timeout: 90_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    await openArea(page, 'Calendars');
    const now = new Date();
    const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-15`;
    const cell = page.locator(`td[data-date="${day}"]`);
    await cell.getByText('08:00–20:00').waitFor();

    await page.getByLabel('Closure name').fill('Staff training day');
    await page.getByLabel('First day').fill(day);
    await page.getByRole('button', { name: 'Add closure' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Staff training day.' }).waitFor();
    await cell.getByText('Staff training day').waitFor();
    expect(await cell.textContent()).toContain('Closed');
    await page.getByRole('button', { name: 'Remove Staff training day' }).waitFor();
    await keepScreenshot(page, 'settings-calendar-closure');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await context.close();
  });

  it('creates a patron group', { timeout: 60_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    await openArea(page, 'Patron groups');
    await page.getByRole('button', { name: 'New patron group' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Visiting scholars');
    await page.getByLabel('Code', { exact: true }).fill('student');
    await page.getByRole('button', { name: 'Save' }).click();
    // The server's refusal appears beside the code.
    await page.locator('#vocabulary-code-problem').filter({ hasText: 'There is already a patron group with code student.' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill('visiting');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Visiting scholars.' }).waitFor();
    await page.getByRole('rowheader', { name: 'Visiting scholars' }).waitFor();
    await keepScreenshot(page, 'settings-patron-groups');
    await context.close();
  });

  it('opens every settings area for an administrator, each with its heading and no serious accessibility problem', { timeout: 240_000 }, async () => {
    const { context, page } = await signIn(administrator);
    const areas: [string, string][] = [
      ['Service points', 'Main Circulation Desk'],
      ['Material types', 'laptop'],
      ['Loan types', 'reserve 2h'],
      ['Request policies', 'Standard requests'],
      ['Lost item policies', 'Standard lost items'],
      ['Notice policies', 'Standard notices'],
      ['Notice templates', 'Template'],
      ['Patron block limits', 'More loans than'],
      ['Fee types and waiver reasons', 'New waiver reason'],
      ['Staff accounts', 'New staff account'],
      ['Roles', 'Permissions'],
    ];
    for (const [area, shown] of areas) {
      await openArea(page, area);
      await page.getByText(shown, { exact: !area.endsWith('policies') }).first().waitFor();
      const policy = page.getByRole('button', { name: new RegExp(shown) });
      if (area.endsWith('policies')) await policy.first().click();
      expect({ area, findings: await seriousAxeFindings(page) }).toEqual({ area, findings: [] });
      await keepScreenshot(page, `settings-area-${area.toLowerCase().replace(/ /g, '-')}`);
    }

    // A service point's edit form shows its settings and the locations it serves.
    await openArea(page, 'Service points');
    await page.getByRole('button', { name: 'Edit Main Circulation Desk' }).click();
    expect(await page.getByLabel('Days on the hold shelf').inputValue()).toBe('7');
    expect(await page.getByLabel('Stacks (Main Library)').isChecked()).toBe(true);
    await page.getByLabel('Days on the hold shelf').fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Main Circulation Desk.' }).waitFor();
    await page.getByRole('cell', { name: '10', exact: true }).waitFor();
    await context.close();
  });

  it('lets a technician look at settings but not save them, saying why', { timeout: 90_000 }, async () => {
    const { context, page } = await signIn(technician);
    const areas = page.getByRole('navigation', { name: 'Settings areas' });
    await areas.getByRole('link', { name: 'Loan policies' }).waitFor();

    await openArea(page, 'Loan policies');
    await page.getByRole('button', { name: /Standard loan/ }).click();
    await page.getByLabel('Loan period', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await page.getByText(/saving them needs permission to edit settings/).waitFor();

    await openArea(page, 'Calendars');
    await page.getByText(/changing them needs permission to edit locations, service points and calendars/).first().waitFor();
    expect(await page.getByRole('button', { name: 'Add closure' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save weekly hours' }).count()).toBe(0);

    await openArea(page, 'Patron groups');
    await page.getByRole('rowheader', { name: 'student' }).waitFor();
    expect(await page.getByRole('button', { name: 'New patron group' }).count()).toBe(0);

    await openArea(page, 'Circulation rules');
    await page.getByRole('heading', { name: 'Rule tester' }).waitFor();
    expect(await page.getByRole('button', { name: 'New circulation rule' }).count()).toBe(0);
    await keepScreenshot(page, 'settings-technician-read-only');
    await context.close();
  });
});

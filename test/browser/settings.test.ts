import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchChromium, openStaffClient, signInOnPage, startServerForBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';

describe('overdue fine policies in Settings, in a browser', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let supervisor: { username: string; password: string };
  let technician: { username: string; password: string };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ app, baseUrl } = await startServerForBrowser(database));

    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    supervisor = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor' });
    technician = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    // 'Standard overdue fines' (standard-fines) charges nothing until a supervisor sets a rate.
    await makeCirculationSetup(database.db, library);

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
    return { context: page.context(), page };
  }

  it('sets a fine of $0.25 a day, sees what 3 days late would owe, saves it and finds it kept', { timeout: 90_000 }, async () => {
    const { context, page } = await signIn(supervisor);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings areas' }).getByRole('link', { name: 'Overdue fine policies' }).click();
    await page.getByRole('button', { name: /Standard overdue fines/ }).click();

    const amount = page.getByLabel('Fine per interval');
    expect(await amount.inputValue()).toBe('0.00');
    await page.getByText('A loan returned 3 days late would owe $0.00').waitFor();
    await amount.fill('0.25');
    await page.getByLabel('Interval unit').selectOption({ label: 'Days' });
    await page.getByText('A loan returned 3 days late would owe $0.75').waitFor();
    await keepScreenshot(page, 'settings-fine-policy-preview');

    // The preview answers other questions too, and a maximum caps it.
    await page.getByLabel('Days late').fill('10');
    await page.getByText('A loan returned 10 days late would owe $2.50').waitFor();
    await page.getByLabel('Maximum fine per loan').fill('2.00');
    await page.getByText('A loan returned 10 days late would owe $2.00').waitFor();
    await page.getByLabel('Maximum fine per loan').fill('0');

    // A bad code comes back from the server, named beside the form, and nothing is saved.
    await page.getByLabel('Code').fill('standard fines');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('code');
    await keepScreenshot(page, 'settings-fine-policy-refused');
    await page.getByLabel('Code').fill('standard-fines');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Standard overdue fines.' }).waitFor();
    await page.getByText(/Last changed by .+ at /).waitFor();

    await page.reload();
    await page.getByRole('button', { name: /Standard overdue fines/ }).click();
    expect(await page.getByLabel('Fine per interval').inputValue()).toBe('0.25');
    await page.getByText('A loan returned 3 days late would owe $0.75').waitFor();
    await keepScreenshot(page, 'settings-fine-policy-saved');
    await context.close();
  });

  it('lets staff who may only read settings try a policy, but not save it', { timeout: 60_000 }, async () => {
    const { context, page } = await signIn(technician);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: /Standard overdue fines/ }).click();
    await page.getByLabel('Fine per interval').fill('1.00');
    await page.getByText('A loan returned 3 days late would owe $3.00').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await context.close();
  });
});

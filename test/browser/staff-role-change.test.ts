import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../src/modules/staff/staff.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { type BrowserTest, keepScreenshot, openStaffClient, seriousAxeFindings, signInOnPage, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';

describe('changing a staff member’s role in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let administrator: { username: string; password: string };

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());
    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    administrator = await makeStaff(database.db, library.institutionId, { roleCode: 'administrator' });
    await createStaffAccount(database.db, systemClock, { kind: 'system', id: null, name: 'test', institutionId: library.institutionId }, {
      institutionId: library.institutionId,
      username: 'terry',
      displayName: 'Terry Technician',
      password: 'correct horse',
      roleCode: 'technician',
    });
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  async function openStaffAccounts(): Promise<Page> {
    const page = await openStaffClient(browser, baseUrl, { width: 1280, height: 900 });
    await signInOnPage(page, administrator);
    await page.getByRole('heading', { level: 1, name: 'Check out' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings areas' }).getByRole('link', { name: 'Staff accounts', exact: true }).click();
    await page.getByRole('rowheader', { name: 'Terry Technician' }).waitFor();
    return page;
  }

  const roleOfTerry = (page: Page) => page.getByLabel('Role of Terry Technician');

  it('asks first, naming the permissions gained and lost; Escape and Cancel keep the old role', { timeout: 90_000 }, async () => {
    const page = await openStaffAccounts();
    await roleOfTerry(page).selectOption({ label: 'Supervisor' });
    const ask = page.getByRole('dialog', { name: 'Change Terry Technician from Library technician to Supervisor?' });
    await ask.waitFor();
    const words = (await ask.textContent()) ?? '';
    expect(words).toContain('They get these permissions:');
    expect(words).toContain('Refund payments');
    expect(words).toContain('Read the audit log');
    expect(words).toContain('They lose none of their permissions.');
    // Supervisors may not manage staff, so that is not among the gains.
    expect(words).not.toContain('Create and edit staff accounts and roles');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'staff-role-change-ask');

    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    expect(await roleOfTerry(page).inputValue()).toBe('technician');

    // A student worker does less: the losses are named.
    await roleOfTerry(page).selectOption({ label: 'Student worker' });
    const fewer = page.getByRole('dialog', { name: 'Change Terry Technician from Library technician to Student worker?' });
    await fewer.waitFor();
    expect(await fewer.textContent()).toContain('They get no new permissions.');
    expect(await fewer.textContent()).toContain('And lose:');
    expect(await fewer.getByRole('listitem').filter({ hasText: 'Waive fees' }).count()).toBe(1);
    expect(await fewer.getByRole('listitem').filter({ hasText: 'Create and edit instances, holdings and items' }).count()).toBe(1);
    await fewer.getByRole('button', { name: 'Cancel' }).click();
    await fewer.waitFor({ state: 'hidden' });
    expect(await roleOfTerry(page).inputValue()).toBe('technician');

    // Nothing was saved: the page read afresh still says technician.
    await page.reload();
    await page.getByRole('rowheader', { name: 'Terry Technician' }).waitFor();
    expect(await roleOfTerry(page).inputValue()).toBe('technician');
    await page.context().close();
  });

  it('changes the role once confirmed', { timeout: 90_000 }, async () => {
    const page = await openStaffAccounts();
    await roleOfTerry(page).selectOption({ label: 'Supervisor' });
    const ask = page.getByRole('dialog', { name: 'Change Terry Technician from Library technician to Supervisor?' });
    await ask.getByRole('button', { name: 'Change role' }).click();
    await ask.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Changed the role of Terry Technician.' }).waitFor();
    expect(await roleOfTerry(page).inputValue()).toBe('supervisor');
    expect(await seriousAxeFindings(page)).toEqual([]);

    await page.reload();
    await page.getByRole('rowheader', { name: 'Terry Technician' }).waitFor();
    expect(await roleOfTerry(page).inputValue()).toBe('supervisor');
    await page.context().close();
  });
});

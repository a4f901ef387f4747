import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserTest, keepScreenshot, seriousAxeFindings, staffPageAt, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeStaff } from '../support/factories/staff.ts';

describe('how long the audit log is kept, and how often overdue notices repeat, in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let administrator: { username: string; password: string };
  let supervisor: { username: string; password: string };
  let institutionId: string;

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());
    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    institutionId = library.institutionId;
    administrator = await makeStaff(database.db, library.institutionId, { roleCode: 'administrator' });
    supervisor = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor' });
    await makeCirculationSetup(database.db, library, { noticePolicy: { notices: [{ kind: 'overdue', repeatEvery: { amount: 7, unit: 'days' }, maxRepeats: null }] } });
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  it('lets an administrator keep audit events for 90 days, or for ever, saying what blank means', { timeout: 90_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, administrator, '/settings');
    await page.getByRole('navigation', { name: 'Settings areas' }).getByRole('link', { name: 'Audit log', exact: true }).click();
    const days = page.getByLabel('Keep audit events for (days)');
    await days.waitFor();
    expect(await days.inputValue()).toBe('730');
    await page.getByText('Leave blank or enter 0 to keep them for ever. Unless changed: 730 days.', { exact: false }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);

    await days.fill('two years');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a whole number of 0 or more.').waitFor();
    await days.fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved. Audit events are kept for 90 days.' }).waitFor();
    const stored = await database.db.selectFrom('audit_settings').select('retention_days').where('institution_id', '=', institutionId).executeTakeFirstOrThrow();
    expect(Number(stored.retention_days)).toBe(90);
    await keepScreenshot(page, 'settings-audit-log');

    await days.fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved. Audit events are kept for ever.' }).waitFor();
    await page.context().close();
  });

  it('shows a supervisor the retention without a way to change it', { timeout: 60_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, supervisor, '/settings/audit-log');
    await page.getByText(/it needs the audit.manage permission/).waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await page.context().close();
  });

  it('says beside "Most repeats" that blank means no limit', { timeout: 60_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, administrator, '/settings/notice-policies');
    await page.getByRole('button', { name: /Standard notices/ }).click();
    const most = page.getByLabel('Most repeats');
    await most.waitFor();
    expect(await most.inputValue()).toBe('');
    const hintId = (await most.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${hintId}"]`).textContent()).toBe('Leave blank for no limit');
    await page.context().close();
  });
});

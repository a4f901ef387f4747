import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.ts';
import { demoStaffPassword } from '../../src/seed/demo-identities.ts';
import { seedDemo } from '../../src/seed/demo-seed.ts';
import { type BrowserTest, keepScreenshot, launchChromium, openStaffClient, seriousAxeFindings, signInOnPage, startServerForBrowser, stopBrowserTest } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';

/**
 * Every screen of the staff client, on the demo college, scanned with axe-core: no serious or critical problems.
 * A new screen is one more line in `screens`.
 */
interface Screen {
  name: string;
  path: string;
  /** What proves the screen has finished loading. */
  ready: (page: Page) => Promise<unknown>;
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { level: 1, name }).waitFor();

const screens: Screen[] = [
  { name: 'check-out', path: '/check-out', ready: heading('Check out') },
  { name: 'check-in', path: '/check-in', ready: heading('Check in') },
  { name: 'catalog-search', path: '/catalog?q=beloved', ready: (page) => page.getByRole('link', { name: /Beloved/ }).first().waitFor() },
  { name: 'item-lookup', path: '/items', ready: heading('Find an item') },
  { name: 'patron-search', path: '/patrons?q=garcia', ready: (page) => page.getByRole('link', { name: /García/ }).first().waitFor() },
  { name: 'settings-fine-policies', path: '/settings/overdue-fine-policies', ready: heading(/Settings|Overdue fine policies/) },
];

describe('accessibility of every staff screen (axe-core, WCAG 2.1 AA)', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let page: Page;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await seedDemo(database, systemClock, { items: 400, patrons: 40 });
    ({ app, baseUrl } = await startServerForBrowser(database));
    browser = await launchChromium();
    page = await openStaffClient(browser, baseUrl);
  }, 120_000);

  afterAll(() => stopBrowserTest({ browser, app, database }));

  it('the sign-in screen', async () => {
    await page.getByRole('heading', { name: 'Sign in to Carrel' }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await signInOnPage(page, { username: 'supervisor', password: demoStaffPassword });
  });

  it('the service point chooser', async () => {
    await page.getByLabel('Choose service point').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.getByLabel('Choose service point').selectOption({ label: 'Riverside Circulation Desk — Riverside Library' });
    await page.getByRole('button', { name: 'Use this service point' }).click();
  });

  for (const screen of screens) {
    it(`the ${screen.name} screen`, async () => {
      await page.goto(`${baseUrl}${screen.path}`);
      await screen.ready(page);
      await keepScreenshot(page, `accessibility-${screen.name}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
    });
  }

  it('the patron card and the item record reached by scanning', async () => {
    await page.goto(`${baseUrl}/check-out`);
    await page.getByLabel('Patron barcode').fill('21000000000001');
    await page.getByLabel('Patron barcode').press('Enter');
    await page.getByLabel('Item barcode').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.goto(`${baseUrl}/items`);
    await page.getByLabel(/barcode/i).first().fill('31000000000002');
    await page.getByLabel(/barcode/i).first().press('Enter');
    await page.getByText('Beloved').first().waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
  });
});

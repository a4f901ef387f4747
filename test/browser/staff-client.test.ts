import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPatronBlock } from '../../src/modules/patrons/patron-block.service.ts';
import { addPatronNote } from '../../src/modules/patrons/patron-note.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { type BrowserTest, keepScreenshot, openStaffClient, signInOnPage, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';

// Never skipped: the global setup installs Chromium or stops the run with the command to do so.
describe('staff client in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let library: InstitutionFixture;
  let staff: { username: string; password: string };
  let barcode: string;

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());

    library = await makeInstitution(database.db, { name: 'Willow Valley College' });
    staff = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    const instance = await makeInstance(
      database.db,
      library,
      { title: 'The Hidden Life of Trees', subtitle: 'what they feel, how they communicate', contributors: ['Wohlleben, Peter'], publicationDate: '2016' },
      [{ callNumber: 'QK711.2 .W6413 2016', status: 'available' }],
    );
    barcode = instance.barcodes[0]!;
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  const openDesk = () => openStaffClient(browser, baseUrl);

  async function signIn(page: Page): Promise<void> {
    await signInOnPage(page, staff);
  }

  it('says why a sign-in was refused, in a live region', async () => {
    const page = await openDesk();
    await page.getByLabel('Username').fill(staff.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/\w/);
    await keepScreenshot(page, 'staff-client-sign-in-refused');
    expect(await page.getByLabel('Username').inputValue()).toBe(staff.username);
    await page.context().close();
  });

  it('signs in, finds a title in the catalog, and shows its item with barcode and status', { timeout: 60_000 }, async () => {
    const page = await openDesk();
    await keepScreenshot(page, 'staff-client-sign-in');
    await page.getByLabel('Username').fill(staff.username);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const header = page.getByRole('banner');
    await header.getByText('Willow Valley College').waitFor();
    await expect.poll(() => header.textContent()).toContain('Main Circulation Desk');
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Check out', 'Check in', 'Catalog', 'Items', 'Patrons', 'Dashboard', 'Hold shelf', 'Pick list', 'Settings']);
    // The desk lands on Check out after signing in; the catalog is one step away.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();

    const search = page.getByLabel('Search the catalog');
    await search.fill('hidden life trees');
    await search.press('Enter');
    await page.getByRole('status').filter({ hasText: '1 result' }).waitFor();
    const result = page.getByRole('link', { name: /The Hidden Life of Trees/ });
    expect(await page.getByRole('list', { name: 'Search results' }).textContent()).toContain('1 of 1 available');
    await keepScreenshot(page, 'staff-client-catalog-results');

    // Keyboard only: arrow down from the search field to the result, Enter opens it.
    await search.press('ArrowDown');
    expect(await result.evaluate((link) => link === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: /The Hidden Life of Trees/ }).waitFor();
    const items = page.getByRole('table');
    const row = items.getByRole('row').filter({ has: page.getByRole('link', { name: barcode }) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining([barcode, 'Available', 'Stacks', 'QK711.2 .W6413 2016']));
    await keepScreenshot(page, 'staff-client-instance');

    await row.getByRole('link', { name: barcode }).click();
    await page.getByRole('heading', { level: 1, name: `Item ${barcode}` }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Available');
    await keepScreenshot(page, 'staff-client-item');

    // A scanner types the barcode and Enter into the item lookup; the item opens with no click.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Items' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find an item' }).waitFor();
    await page.keyboard.type(barcode);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Item ${barcode}` }).waitFor();
    expect(await page.getByLabel('Item barcode').evaluate((field) => field === document.activeElement)).toBe(true);
    await page.context().close();
  });

  it('finds a patron by name, shows the card with preferred name, block and note, and opens a scanned card directly', { timeout: 60_000 }, async () => {
    const actor = { kind: 'system' as const, id: null, name: 'test', institutionId: library.institutionId };
    const patron = await makePatron(database.db, library.institutionId, {
      barcode: '21000000000042',
      firstName: 'Alexander',
      preferredFirstName: 'Sasha',
      lastName: 'Moreno',
      email: 'sasha.moreno@example.edu',
    });
    await addPatronBlock(database.db, systemClock, actor, patron.id, { reason: 'Owes $32.00 in fines' });
    await addPatronNote(database.db, systemClock, actor, patron.id, { kind: 'pop-up', text: 'Ask for the new address.' });

    const page = await openDesk();
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patrons' }).click();
    const search = page.getByLabel('Search patrons');
    await search.fill('Moreno');
    await search.press('Enter');
    await page.getByRole('link', { name: 'Sasha Moreno' }).click();

    const card = page.getByRole('complementary', { name: 'Sasha Moreno' });
    await card.waitFor();
    const cardText = await card.textContent();
    expect(cardText).toContain('Legal name: Alexander Moreno');
    expect(cardText).toContain('Blocked: Owes $32.00 in fines');
    expect(cardText).toContain('Note: Ask for the new address.');
    await page.getByRole('tab', { name: 'Details' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('sasha.moreno@example.edu');
    await keepScreenshot(page, 'staff-client-patron');

    // Back to the results: the arrow keys move between patrons, Enter opens one.
    await page.goto(page.url().replace(/\/patrons\/.*$/, '/patrons?q=Moreno'));
    await page.getByRole('link', { name: 'Sasha Moreno' }).focus();
    await page.keyboard.press('ArrowUp');
    expect(await page.getByLabel('Search patrons').evaluate((field) => field === document.activeElement)).toBe(true);

    await page.getByLabel('Search patrons').fill('21000000000042');
    await page.getByLabel('Search patrons').press('Enter');
    await page.waitForURL(`**/patrons/${patron.id}`);
    await card.waitFor();
    await page.context().close();
  });
});

import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchChromium, openStaffClient, seriousAxeFindings, signInOnPage, startServerForBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { makeSecondCampus, openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';

/**
 * The desk's printing, its tablet layout, its accessibility with a refusal and a routing line on
 * screen, and keyboard travel through catalog results. desk.test.ts walks the main journey.
 */

const isFocused = (page: Page, label: string) => page.getByLabel(label, { exact: true }).evaluate((field) => field === document.activeElement);
const millimetres = (pixels: number) => (pixels * 25.4) / 96;

/** Nothing wider than the window: no sideways scrolling, and every control within the viewport. */
async function overflowOf(page: Page): Promise<{ scrollsSideways: boolean; cutOff: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const cutOff = Array.from(document.querySelectorAll<HTMLElement>('main input, main select, main button, main .scan, main .patron-card, header button, nav a'))
      .filter((element) => element.offsetParent !== null)
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.left < -1 || box.right > width + 1;
      })
      .map((element) => element.outerHTML.slice(0, 80));
    return { scrollsSideways: document.documentElement.scrollWidth > width, cutOff };
  });
}

describe('the desk: printing, tablets, accessibility and keyboard', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let staff: { username: string; password: string };
  const patronBarcode = '21000000000088';
  const barcodes = { trees: '39000000000201', withdrawn: '39000000000202', elsewhere: '39000000000203', rivers: '39000000000204', tablet: '39000000000205', tabletAway: '39000000000206' };

  async function openDesk(viewport?: { width: number; height: number }): Promise<Page> {
    const page = await openStaffClient(browser, baseUrl, viewport);
    await signInOnPage(page, staff);
    await page.getByLabel('Choose service point').selectOption({ label: 'Main Circulation Desk — Main Library' });
    await page.getByRole('button', { name: 'Use this service point' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check out' }).waitFor();
    return page;
  }

  async function scan(page: Page, label: string, barcode: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).fill(barcode);
    await page.getByLabel(label, { exact: true }).press('Enter');
  }

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ app, baseUrl } = await startServerForBrowser(database));
    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    staff = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    await makeCirculationSetup(database.db, library);
    await openEveryDay(database.db, library);
    const hillcrest = await makeSecondCampus(database.db, library);
    await makePatron(database.db, library.institutionId, { barcode: patronBarcode, firstName: 'Priya', lastName: 'Raman', email: 'priya@example.edu' });
    await makeInstance(database.db, library, { title: 'The Hidden Life of Trees' }, [{ barcode: barcodes.trees, callNumber: 'QK711.2 .W6413 2016' }]);
    await makeInstance(database.db, library, { title: 'An Old Almanac' }, [{ barcode: barcodes.withdrawn, status: 'withdrawn' }]);
    await makeInstance(database.db, library, { title: 'Rivers of the Valley' }, [{ barcode: barcodes.rivers }]);
    await makeInstance(database.db, library, { title: 'Valley Birds of the Hillcrest Campus' }, [{ barcode: barcodes.elsewhere, locationId: hillcrest.locationId, callNumber: 'QL683 .V35' }]);
    await makeInstance(database.db, library, { title: 'A Tablet Reader’s Guide to Valley Ferns' }, [{ barcode: barcodes.tablet }]);
    await makeInstance(database.db, library, { title: 'Hillcrest Valley Geology' }, [{ barcode: barcodes.tabletAway, locationId: hillcrest.locationId }]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  it('shows a refusal accessibly, emails the receipt or says why not, and prints it on an 80 mm roll or an A4 page', { timeout: 90_000 }, async () => {
    const page = await openDesk();
    await scan(page, 'Patron barcode', patronBarcode);
    const card = page.getByRole('complementary', { name: 'Priya Raman' });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toMatch(/Requests\s*0/);

    await scan(page, 'Item barcode', barcodes.trees);
    const scans = page.getByRole('list', { name: 'Items scanned for this patron' });
    await scans.getByRole('listitem').filter({ hasText: 'The Hidden Life of Trees' }).waitFor();
    await scan(page, 'Item barcode', barcodes.withdrawn);
    await scans.getByText('This item has been withdrawn from the collection.').waitFor();
    // The refusal flashes the whole screen's edge as well as its own row.
    expect(await page.locator('.desk__flash').count()).toBe(1);
    expect(await isFocused(page, 'Item barcode')).toBe(true);
    expect(await seriousAxeFindings(page)).toEqual([]);

    // This server has no mail set up: the desk is told so beside the button, in the server's words.
    await page.getByRole('button', { name: 'Email receipt' }).click();
    await page.getByRole('status').filter({ hasText: 'Email is not set up for this Carrel server' }).waitFor();
    await expect.poll(() => isFocused(page, 'Item barcode')).toBe(true);

    // An 80 mm roll by default: a 72 mm column of print, and nothing of the screen.
    expect(await page.getByLabel('Slip size').inputValue()).toBe('roll');
    await page.emulateMedia({ media: 'print' });
    const receipt = page.locator('.print-sheet');
    expect(await receipt.textContent()).toContain('The Hidden Life of Trees');
    expect(await receipt.textContent()).not.toContain('An Old Almanac');
    expect(millimetres((await receipt.boundingBox())!.width)).toBeCloseTo(72, 0);
    expect(await page.getByLabel('Item barcode').isVisible()).toBe(false);
    await keepScreenshot(page, 'desk-receipt-roll');
    await page.emulateMedia({ media: 'screen' });

    // An A4 page for this desk computer: the receipt spreads to the page's printable width, in larger type.
    await page.getByLabel('Slip size').selectOption({ label: 'A4 page' });
    await page.emulateMedia({ media: 'print' });
    expect(millimetres((await receipt.boundingBox())!.width)).toBeCloseTo(180, 0);
    const fontSize = await receipt.evaluate((sheet) => getComputedStyle(sheet).fontSize);
    expect(Number.parseFloat(fontSize)).toBeCloseTo(16, 0);
    await keepScreenshot(page, 'desk-receipt-a4');
    await page.emulateMedia({ media: 'screen' });

    await page.getByLabel('Slip size').selectOption({ label: 'Letter page' });
    await page.emulateMedia({ media: 'print' });
    expect(millimetres((await receipt.boundingBox())!.width)).toBeCloseTo(186, 0);
    await page.emulateMedia({ media: 'screen' });

    // The choice belongs to the computer: it is still there after a reload, and back to the roll for the next test.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Check out' }).waitFor();
    expect(await page.getByLabel('Slip size').inputValue()).toBe('letter');
    await page.getByLabel('Slip size').selectOption('roll');
    await page.context().close();
  });

  it('checks in with a routing line that passes axe, and prints its slip on the chosen paper', { timeout: 60_000 }, async () => {
    const page = await openDesk();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check in' }).waitFor();
    await scan(page, 'Item barcode', barcodes.elsewhere);
    const checkedIn = page.getByRole('list', { name: 'Items checked in' });
    await checkedIn.getByText('Send to Hillcrest Circulation').waitFor();
    await scan(page, 'Item barcode', barcodes.rivers);
    await checkedIn.getByText('Shelve at Main Library — Stacks').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);

    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await checkedIn.getByRole('button', { name: `Print slip for ${barcodes.elsewhere}` }).click();
    expect(await page.locator('body').getAttribute('data-printed')).toBe('yes');
    await page.emulateMedia({ media: 'print' });
    const slip = page.locator('.print-sheet');
    expect(await slip.textContent()).toContain('Hillcrest Circulation');
    expect(millimetres((await slip.boundingBox())!.width)).toBeCloseTo(72, 0);
    await keepScreenshot(page, 'desk-routing-slip-roll');
    await page.context().close();
  });

  it('fits a tablet held upright: check-out and check-in without sideways scrolling', { timeout: 90_000 }, async () => {
    const page = await openDesk({ width: 768, height: 1024 });
    // The service point stays in view on a tablet too.
    expect(await page.getByRole('banner').textContent()).toContain('Main Circulation Desk');
    await scan(page, 'Patron barcode', patronBarcode);
    await page.getByRole('complementary', { name: 'Priya Raman' }).waitFor();
    await scan(page, 'Item barcode', barcodes.tablet);
    const scans = page.getByRole('list', { name: 'Items scanned for this patron' });
    await scans.getByRole('listitem').filter({ hasText: 'Valley Ferns' }).waitFor();
    await scan(page, 'Item barcode', barcodes.withdrawn);
    await scans.getByText('This item has been withdrawn from the collection.').waitFor();
    expect(await overflowOf(page)).toEqual({ scrollsSideways: false, cutOff: [] });
    await keepScreenshot(page, 'desk-check-out-tablet');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check in' }).waitFor();
    await scan(page, 'Item barcode', barcodes.tablet);
    const checkedIn = page.getByRole('list', { name: 'Items checked in' });
    await checkedIn.getByText(/^Shelve at/).waitFor();
    await scan(page, 'Item barcode', barcodes.tabletAway);
    await checkedIn.getByText('Send to Hillcrest Circulation').waitFor();
    expect(await overflowOf(page)).toEqual({ scrollsSideways: false, cutOff: [] });
    await keepScreenshot(page, 'desk-check-in-tablet');
    await page.context().close();
  });

  it('moves through catalog results with the arrow keys or j and k, and opens one with Enter', { timeout: 60_000 }, async () => {
    const page = await openDesk();
    await page.goto(`${baseUrl}/catalog?q=valley`);
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByRole('link').first().waitFor();
    const titles = await results.getByRole('link').allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(3);
    const focusedTitle = () => page.evaluate(() => document.activeElement?.textContent ?? '');

    await page.getByLabel('Search the catalog').focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedTitle()).toBe(titles[0]);
    await page.keyboard.press('j');
    expect(await focusedTitle()).toBe(titles[1]);
    await page.keyboard.press('ArrowDown');
    expect(await focusedTitle()).toBe(titles[2]);
    await page.keyboard.press('k');
    expect(await focusedTitle()).toBe(titles[1]);
    await page.keyboard.press('End');
    expect(await focusedTitle()).toBe(titles.at(-1));
    await page.keyboard.press('Home');
    expect(await focusedTitle()).toBe(titles[0]);
    // Up from the first result is back in the search field.
    await page.keyboard.press('ArrowUp');
    expect(await isFocused(page, 'Search the catalog')).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: titles[1]! }).waitFor();
    await page.context().close();
  });
});

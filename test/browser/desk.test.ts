import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchChromium, openStaffClient, signInOnPage, startServerForBrowser } from '../support/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { makeSecondCampus, openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';


/** A due date as the desk shows a day loan: weekday and date in the library's time zone. */
function dayLoanDueDate(daysFromNow: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone }).format(new Date(Date.now() + daysFromNow * 86_400_000));
}

const isFocused = (page: Page, label: string) => page.getByLabel(label, { exact: true }).evaluate((field) => field === document.activeElement);

describe('the circulation desk in a browser', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let library: InstitutionFixture;
  let staff: { username: string; password: string };
  const patronBarcode = '21000000000077';
  const barcodes = { available: '39000000000101', withdrawn: '39000000000102', missing: '39000000000103', elsewhere: '39000000000104' };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ app, baseUrl } = await startServerForBrowser(database));

    library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    staff = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    await makeCirculationSetup(database.db, library);
    await openEveryDay(database.db, library);
    const hillcrest = await makeSecondCampus(database.db, library);
    await makePatron(database.db, library.institutionId, { barcode: patronBarcode, firstName: 'Alexander', preferredFirstName: 'Sasha', lastName: 'Moreno' });
    await makeInstance(database.db, library, { title: 'The Hidden Life of Trees' }, [{ barcode: barcodes.available, callNumber: 'QK711.2 .W6413 2016' }]);
    await makeInstance(database.db, library, { title: 'An Old Almanac' }, [{ barcode: barcodes.withdrawn, status: 'withdrawn' }]);
    await makeInstance(database.db, library, { title: 'Braiding Sweetgrass' }, [{ barcode: barcodes.missing, status: 'missing', callNumber: 'E98 .P5 K563 2013' }]);
    await makeInstance(database.db, library, { title: 'Gödel, Escher, Bach' }, [{ barcode: barcodes.elsewhere, locationId: hillcrest.locationId, callNumber: 'QA9.8 .H63' }]);

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  it('checks items out to a scanned patron, refuses and overrides, then checks one in with what to do', { timeout: 90_000 }, async () => {
    const page = await openStaffClient(browser, baseUrl);
    await signInOnPage(page, staff);

    // Two desks in this institution: the header asks which one this computer is.
    await page.getByLabel('Choose service point').selectOption({ label: 'Main Circulation Desk — Main Library' });
    await page.getByRole('button', { name: 'Use this service point' }).click();
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Main Circulation Desk');

    // Check out is where the desk lands after signing in.
    await page.getByRole('heading', { level: 1, name: 'Check out' }).waitFor();
    expect(page.url()).toMatch(/\/check-out$/);
    // The desk's own screens come first; other areas (requests, settings) follow them.
    const navigation = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(navigation.slice(0, 5)).toEqual(['Check out', 'Check in', 'Catalog', 'Items', 'Patrons']);
    expect(navigation).toContain('Settings');
    await keepScreenshot(page, 'desk-check-out-empty');

    // A scanner types the patron barcode and Enter.
    const patronField = page.getByLabel('Patron barcode');
    await patronField.click();
    await page.keyboard.type(patronBarcode);
    await page.keyboard.press('Enter');
    const card = page.getByRole('complementary', { name: 'Sasha Moreno' });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toMatch(/Loans\s*0/);
    expect(await card.textContent()).toContain('student');
    await expect.poll(() => isFocused(page, 'Item barcode')).toBe(true);

    const scans = page.getByRole('list', { name: 'Items scanned for this patron' });
    await page.keyboard.type(barcodes.available);
    await page.keyboard.press('Enter');
    const loaned = scans.getByRole('listitem').filter({ hasText: 'The Hidden Life of Trees' });
    await loaned.waitFor();
    const due = dayLoanDueDate(21, 'America/Los_Angeles');
    expect(await loaned.textContent()).toContain(due);
    expect(await loaned.textContent()).toContain(barcodes.available);
    expect(await loaned.textContent()).toContain('Standard loan');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Checked out: The Hidden Life of Trees' }).count()).toBe(1);
    await expect.poll(() => card.textContent()).toMatch(/Loans\s*1/);
    expect(await isFocused(page, 'Item barcode')).toBe(true);

    // A withdrawn item is refused, in the same list, newest first, with no Override to offer.
    await page.keyboard.type(barcodes.withdrawn);
    await page.keyboard.press('Enter');
    const withdrawn = scans.getByRole('listitem').filter({ hasText: barcodes.withdrawn });
    await withdrawn.getByText('This item has been withdrawn from the collection.').waitFor();
    expect(await scans.getByRole('listitem').first().textContent()).toContain(barcodes.withdrawn);
    expect(await withdrawn.getByRole('button', { name: /Override/ }).count()).toBe(0);
    expect(await isFocused(page, 'Item barcode')).toBe(true);
    await keepScreenshot(page, 'desk-check-out-refused');

    // A missing item may be lent with a reason, by staff who may override.
    await page.keyboard.type(barcodes.missing);
    await page.keyboard.press('Enter');
    const missing = scans.getByRole('listitem').filter({ hasText: barcodes.missing });
    await missing.getByText('This item is marked missing.').waitFor();
    await missing.getByRole('button', { name: `Override for ${barcodes.missing}` }).click();
    const dialog = page.getByRole('dialog', { name: `Override the refusal for ${barcodes.missing}` });
    await dialog.waitFor();
    await keepScreenshot(page, 'desk-check-out-override');
    // Escape closes the dialog and leaves the patron in place.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await card.waitFor();
    await missing.getByRole('button', { name: `Override for ${barcodes.missing}` }).click();
    expect(await dialog.getByLabel('Reason for the override').evaluate((field) => field === document.activeElement)).toBe(true);
    await page.keyboard.type('Found on the returns cart, patron waiting');
    await dialog.getByRole('button', { name: 'Check out anyway' }).click();
    const overridden = scans.getByRole('listitem').filter({ hasText: 'Braiding Sweetgrass' });
    await overridden.waitFor();
    expect(await overridden.textContent()).toContain('Overridden: This item is marked missing.');
    expect(await scans.getByRole('listitem').first().textContent()).toContain('Braiding Sweetgrass');
    await expect.poll(() => isFocused(page, 'Item barcode')).toBe(true);

    await page.keyboard.type(barcodes.elsewhere);
    await page.keyboard.press('Enter');
    await scans.getByRole('listitem').filter({ hasText: 'Gödel, Escher, Bach' }).waitFor();
    await keepScreenshot(page, 'desk-check-out');

    // The receipt is what prints: the session's loans, nothing of the screen around them.
    await page.emulateMedia({ media: 'print' });
    await keepScreenshot(page, 'desk-receipt');
    await page.emulateMedia({ media: 'screen' });

    // Escape clears the desk for the next patron.
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'hidden' });
    expect(await isFocused(page, 'Patron barcode')).toBe(true);
    expect(await page.getByLabel('Patron barcode').inputValue()).toBe('');

    // Check in: the desk is told what to do with each item, in large type.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check in' }).waitFor();
    expect(await isFocused(page, 'Item barcode')).toBe(true);
    expect(await page.getByLabel('Returned on').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.keyboard.type(barcodes.available);
    await page.keyboard.press('Enter');
    const checkedIn = page.getByRole('list', { name: 'Items checked in' });
    await checkedIn.getByText('Shelve at Main Library — Stacks, QK711.2 .W6413 2016').waitFor();
    expect(await isFocused(page, 'Item barcode')).toBe(true);

    await page.keyboard.type(barcodes.elsewhere);
    await page.keyboard.press('Enter');
    await checkedIn.getByText('Send to Hillcrest Circulation').waitFor();
    expect(await checkedIn.getByRole('listitem').first().textContent()).toContain('Gödel, Escher, Bach');
    // The slip prints from the browser's dialog; here the print call is caught and the print layout pictured.
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await checkedIn.getByRole('button', { name: `Print slip for ${barcodes.elsewhere}` }).click();
    expect(await page.locator('body').getAttribute('data-printed')).toBe('yes');
    expect(await isFocused(page, 'Item barcode')).toBe(true);

    await page.keyboard.type('39999999999999');
    await page.keyboard.press('Enter');
    await checkedIn.getByText('No item has this barcode.').waitFor();
    await keepScreenshot(page, 'desk-check-in');
    // Last, because print media hides the screen (and so the focused field) in this emulation.
    await page.emulateMedia({ media: 'print' });
    await keepScreenshot(page, 'desk-routing-slip');
    await page.context().close();
  });
});

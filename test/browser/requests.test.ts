import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserTest, keepScreenshot, openStaffClient, seriousAxeFindings, signInOnPage, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { checkOutVia, openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest } from '../support/factories/requests.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs } from '../support/http.ts';

describe('requests, the hold shelf, the pick list and the desk dashboard in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let library: InstitutionFixture;
  let staff: { username: string; password: string };
  let waitingPatronId: string;
  const waitingBarcode = '21000000004321';
  const lentBarcode = '39000000000201';
  const shelfCopies = ['39000000000301', '39000000000302'];
  const popularBarcode = '39000000000401';
  let popularItemId: string;

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());
    library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    staff = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    await makeCirculationSetup(database.db, library);
    await openEveryDay(database.db, library);
    const waiting = await makePatron(database.db, library.institutionId, { barcode: waitingBarcode, firstName: 'Ada', lastName: 'Lovelace' });
    waitingPatronId = waiting.id;
    const borrower = await makePatron(database.db, library.institutionId, { firstName: 'Ben', lastName: 'Borrower' });
    await makeInstance(database.db, library, { title: 'Notes on the Analytical Engine' }, [{ barcode: lentBarcode, callNumber: 'QA76.17 .L68' }]);
    await makeInstance(database.db, library, { title: 'A Treatise on Shelving' }, shelfCopies.map((barcode) => ({ barcode, callNumber: 'Z699 .T74' })));
    const desk = await signInAs(app, staff.username, staff.password);
    expect((await checkOutVia(desk, { patronBarcode: borrower.barcode, itemBarcode: lentBarcode, servicePointId: library.servicePointId })).statusCode).toBe(201);
    // a popular book on loan with two patrons waiting for it
    popularItemId = (await makeInstance(database.db, library, { title: 'A Popular Novel' }, [{ barcode: popularBarcode }])).itemIds[0]!;
    expect((await checkOutVia(desk, { patronBarcode: borrower.barcode, itemBarcode: popularBarcode, servicePointId: library.servicePointId })).statusCode).toBe(201);
    for (const lastName of ['First', 'Second']) {
      const reader = await makePatron(database.db, library.institutionId, { firstName: 'Reader', lastName });
      await placedRequest(desk, { type: 'hold', patronBarcode: reader.barcode, itemBarcode: popularBarcode, pickupServicePointId: library.servicePointId });
    }
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  async function expectNoSeriousAxeFindings(page: Page) {
    expect(await seriousAxeFindings(page)).toEqual([]);
  }

  it('places a hold for a patron, sees it on the hold shelf after check-in, pages and marks not found, and counts it all on the dashboard', { timeout: 120_000 }, async () => {
    const page = await openStaffClient(browser, baseUrl);
    await signInOnPage(page, staff);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Main Circulation Desk');

    // The patron's account: Requests, Place request, a hold on the copy on loan
    await page.goto(`${baseUrl}/patrons/${waitingPatronId}?section=requests`);
    const section = page.getByRole('region', { name: 'Requests' });
    await section.getByRole('button', { name: 'Place request' }).click();
    const dialog = page.getByRole('dialog', { name: 'Place a request' });
    await dialog.waitFor();
    // a page of an item on loan is refused, beside the type
    await dialog.getByLabel('Item barcode').fill(lentBarcode);
    await dialog.getByLabel('Request type').selectOption('page');
    await dialog.getByRole('button', { name: 'Place request' }).click();
    await dialog.getByText('Only an item on the shelf can be paged (status: checked-out).').waitFor();
    expect(await dialog.getByLabel('Request type').getAttribute('aria-invalid')).toBe('true');
    await keepScreenshot(page, 'requests-place-refused');
    await dialog.getByLabel('Request type').selectOption('hold');
    await dialog.getByLabel('Not needed after (optional)').fill('2099-12-31');
    await dialog.getByRole('button', { name: 'Place request' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = section.getByRole('row').filter({ hasText: 'Notes on the Analytical Engine' });
    await row.getByText('Number 1 in the queue').waitFor();
    await keepScreenshot(page, 'requests-patron-section');

    // The copy comes back: checked in at the desk, it goes on the hold shelf
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check in' }).click();
    await page.getByLabel('Item barcode', { exact: true }).fill(lentBarcode);
    await page.keyboard.press('Enter');
    await page.getByRole('list').getByText(/hold shelf/i).first().waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hold shelf' }).click();
    const shelfRow = page.getByRole('row').filter({ hasText: lentBarcode });
    await shelfRow.waitFor();
    expect(await shelfRow.textContent()).toContain('L 4321');
    expect(await shelfRow.getByRole('button', { name: `Print slip for ${lentBarcode}` }).count()).toBe(1);
    await keepScreenshot(page, 'requests-hold-shelf');
    await expectNoSeriousAxeFindings(page);

    // A page for a copy on the shelf, from the item page; the pick list shows it in shelf order
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Items' }).click();
    await page.getByLabel('Item barcode', { exact: true }).fill(shelfCopies[0]!);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(shelfCopies[0]!) }).waitFor();
    await page.getByRole('button', { name: 'Place request' }).click();
    const pageDialog = page.getByRole('dialog', { name: `Place a request for ${shelfCopies[0]}` });
    await pageDialog.getByLabel('Patron barcode').fill(waitingBarcode);
    expect(await pageDialog.getByLabel('Request type').inputValue()).toBe('page');
    await pageDialog.getByRole('button', { name: 'Place request' }).click();
    await page.getByText('Request placed for patron').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pick list' }).click();
    const pickTable = page.getByRole('table', { name: 'Items to fetch, in shelf order' });
    await pickTable.getByRole('row').filter({ hasText: shelfCopies[0]! }).waitFor();
    await keepScreenshot(page, 'requests-pick-list');
    await expectNoSeriousAxeFindings(page);
    await page.emulateMedia({ media: 'print' });
    await keepScreenshot(page, 'requests-pick-list-print');
    await page.emulateMedia({ media: 'screen' });
    await pickTable.getByRole('button', { name: `Not found: ${shelfCopies[0]}` }).click();
    await page.getByText(`${shelfCopies[0]} is marked missing; the page moved to copy ${shelfCopies[1]}.`).waitFor();
    await pickTable.getByRole('row').filter({ hasText: shelfCopies[1]! }).waitFor();
    expect(await pickTable.getByRole('row').filter({ hasText: shelfCopies[0]! }).count()).toBe(0);

    // The dashboard counts what waits for the desk, each count leading to its list
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const tiles = page.getByRole('list', { name: 'Today at this desk' });
    const pickTile = tiles.getByRole('link', { name: /Items on the pick list/ });
    await expect.poll(() => pickTile.textContent()).toMatch(/^1/);
    expect(await tiles.getByRole('link', { name: /Overdue recalls/ }).textContent()).toMatch(/^0/);
    expect(await tiles.getByRole('link', { name: /Expired holds to clear/ }).textContent()).toMatch(/^0/);
    await keepScreenshot(page, 'requests-dashboard');
    await expectNoSeriousAxeFindings(page);
    await pickTile.click();
    await page.getByRole('heading', { level: 1, name: /Pick list/ }).waitFor();
  });

  it("reorders an item's queue from the keyboard", { timeout: 60_000 }, async () => {
    const page = await openStaffClient(browser, baseUrl);
    await signInOnPage(page, staff);
    await page.goto(`${baseUrl}/items/${popularItemId}/requests`);
    const queue = page.getByRole('table', { name: 'Request queue' });
    await queue.getByRole('row').filter({ hasText: 'First, Reader' }).waitFor();
    const names = () => queue.getByRole('row').filter({ hasText: 'Reader' }).allTextContents();
    expect((await names()).map((text) => text.includes('First'))).toEqual([true, false]);
    await queue.getByRole('button', { name: 'Move down First, Reader' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await names()).map((text) => text.includes('First'))).toEqual([false, true]);
    await page.getByRole('status').filter({ hasText: 'First, Reader is now number 2 in the queue.' }).waitFor();
    // focus follows the moved request to the button still usable at its new place
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move up First, Reader');
    await keepScreenshot(page, 'requests-item-queue');
    await expectNoSeriousAxeFindings(page);

    // Settings → Hold slips: a technician sees the library's format but may not change it
    await page.goto(`${baseUrl}/settings/hold-slips`);
    expect(await page.getByLabel('Surname initials and the last four digits of the barcode').isChecked()).toBe(true);
    expect(await page.getByLabel('Full name').isDisabled()).toBe(true);
    await page.getByText('Your role can see this setting but not change it').waitFor();
    await expectNoSeriousAxeFindings(page);
  });
});

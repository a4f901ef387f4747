import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserTest, keepScreenshot, openStaffClient, seriousAxeFindings, signInOnPage, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { makeSecondCampus, openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs } from '../support/http.ts';

const isFocused = (page: Page, label: string) => page.getByLabel(label, { exact: true }).evaluate((field) => field === document.activeElement);

describe('undo and one-key slips at the desk', () => {
  let world: BrowserTest;
  let library: InstitutionFixture;
  let staff: { username: string; password: string };
  const patronBarcode = '21000000000088';
  const barcodes = { first: '39000000000201', second: '39000000000202', third: '39000000000203', elsewhere: '39000000000204' };

  beforeAll(async () => {
    world = await startBrowserTest();
    const db = world.database.db;
    library = await makeInstitution(db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    staff = await makeStaff(db, library.institutionId, { roleCode: 'technician' });
    await makeCirculationSetup(db, library);
    await openEveryDay(db, library);
    const hillcrest = await makeSecondCampus(db, library);
    await makePatron(db, library.institutionId, { barcode: patronBarcode, firstName: 'Noor', lastName: 'Haddad' });
    await makeInstance(db, library, { title: 'The Overstory' }, [{ barcode: barcodes.first }]);
    await makeInstance(db, library, { title: 'Wrong Copy Taken' }, [{ barcode: barcodes.second }]);
    await makeInstance(db, library, { title: 'A Third Book' }, [{ barcode: barcodes.third }]);
    await makeInstance(db, library, { title: 'Bound for Hillcrest' }, [{ barcode: barcodes.elsewhere, locationId: hillcrest.locationId, callNumber: 'QA9.8 .H63' }]);
  });
  afterAll(async () => stopBrowserTest(world));

  async function deskPage(): Promise<Page> {
    const page = await openStaffClient(world.browser, world.baseUrl);
    // The page's own clock, so the minute Undo is offered can pass without waiting for it.
    await page.clock.install();
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.reload();
    await signInOnPage(page, staff);
    await page.getByLabel('Choose service point').selectOption({ label: 'Main Circulation Desk — Main Library' });
    await page.getByRole('button', { name: 'Use this service point' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check out' }).waitFor();
    return page;
  }

  async function scan(page: Page, barcode: string) {
    await page.keyboard.type(barcode);
    await page.keyboard.press('Enter');
  }

  it('offers Undo on the newest check-out for a minute; undoing asks nothing and puts the cursor back', { timeout: 90_000 }, async () => {
    const page = await deskPage();
    await page.getByLabel('Patron barcode').click();
    await scan(page, patronBarcode);
    const card = page.getByRole('complementary', { name: 'Noor Haddad' });
    await card.waitFor();
    await expect.poll(() => isFocused(page, 'Item barcode')).toBe(true);
    const scans = page.getByRole('list', { name: 'Items scanned for this patron' });

    await scan(page, barcodes.first);
    const first = scans.getByRole('listitem').filter({ hasText: 'The Overstory' });
    await first.getByRole('button', { name: 'Undo check-out of The Overstory' }).waitFor();
    await scan(page, barcodes.second);
    const second = scans.getByRole('listitem').filter({ hasText: 'Wrong Copy Taken' });
    await second.getByRole('button', { name: 'Undo check-out of Wrong Copy Taken' }).waitFor();
    // Only the newest check-out offers Undo.
    expect(await first.getByRole('button', { name: /Undo/ }).count()).toBe(0);
    await expect.poll(() => card.textContent()).toMatch(/Loans\s*2/);
    await keepScreenshot(page, 'desk-undo-offered');
    expect(await seriousAxeFindings(page)).toEqual([]);

    await second.getByRole('button', { name: 'Undo check-out of Wrong Copy Taken' }).click();
    await second.getByText('Check-out undone').waitFor();
    await expect.poll(() => isFocused(page, 'Item barcode')).toBe(true);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Check-out undone: Wrong Copy Taken.' }).count()).toBe(1);
    await expect.poll(() => card.textContent()).toMatch(/Loans\s*1/);
    expect(await second.getByRole('button').count()).toBe(0);
    await keepScreenshot(page, 'desk-undo-done');

    // The earlier loan is now the newest; renewed meanwhile at another desk, it can no longer be undone.
    const loan = await world.database.db
      .selectFrom('loan')
      .innerJoin('item', 'item.id', 'loan.item_id')
      .select('loan.id')
      .where('item.barcode', '=', barcodes.first)
      .where('loan.status', '=', 'open')
      .executeTakeFirstOrThrow();
    const elsewhere = await signInAs(world.app, staff.username, staff.password);
    expect((await elsewhere.request({ method: 'POST', url: `/api/v1/circulation/loans/${loan.id}/renew`, payload: {} })).statusCode).toBe(200);
    await first.getByRole('button', { name: 'Undo check-out of The Overstory' }).click();
    await first.getByRole('alert').filter({ hasText: 'This loan has been renewed since; check the item in instead.' }).waitFor();
    await expect.poll(() => isFocused(page, 'Item barcode')).toBe(true);
    expect(await first.getByRole('button', { name: /Undo/ }).count()).toBe(0);
    expect(await seriousAxeFindings(page)).toEqual([]);

    // After a minute the offer goes away by itself.
    await scan(page, barcodes.third);
    const third = scans.getByRole('listitem').filter({ hasText: 'A Third Book' });
    await third.getByRole('button', { name: 'Undo check-out of A Third Book' }).waitFor();
    await page.clock.fastForward(61_000);
    await third.getByRole('button', { name: /Undo/ }).waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('prints the last slip at check-in with F9, keeping the cursor in Item barcode', { timeout: 90_000 }, async () => {
    const page = await deskPage();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check in' }).waitFor();
    await page.getByText('Press F9 to print the slip of the last item checked in').waitFor();
    await expect.poll(() => isFocused(page, 'Item barcode')).toBe(true);

    await scan(page, barcodes.elsewhere);
    const checkedIn = page.getByRole('list', { name: 'Items checked in' });
    await checkedIn.getByText('Send to Hillcrest Circulation').waitFor();
    const slipButton = checkedIn.getByRole('button', { name: `Print slip for ${barcodes.elsewhere}` });
    expect(await slipButton.textContent()).toContain('F9');
    expect(await slipButton.getAttribute('aria-keyshortcuts')).toBe('F9');
    expect(await isFocused(page, 'Item barcode')).toBe(true);

    await page.keyboard.press('F9');
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await isFocused(page, 'Item barcode')).toBe(true);
    await keepScreenshot(page, 'desk-check-in-f9');
    expect(await seriousAxeFindings(page)).toEqual([]);

    // The button prints the same slip.
    await slipButton.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2);
    expect(await isFocused(page, 'Item barcode')).toBe(true);
    await page.context().close();
  });
});

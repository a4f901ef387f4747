import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHoldShelfExpiry } from '../../src/modules/requests/hold-shelf.service.ts';
import { testServiceContext } from '../support/service-context.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { type BrowserTest, keepScreenshot, openStaffClient, seriousAxeFindings, signInOnPage, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { checkInVia, checkOutVia, openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest } from '../support/factories/requests.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs } from '../support/http.ts';

const day = 86_400_000;

/** A date some days back, as the "Returned on" field takes it (the browser's calendar). */
function daysAgoAsInput(days: number): string {
  const then = new Date(Date.now() - days * day);
  return `${then.getFullYear()}-${String(then.getMonth() + 1).padStart(2, '0')}-${String(then.getDate()).padStart(2, '0')}`;
}

describe('check-in of set-aside, held and expired items, and backdating, in a browser', () => {
  let world: BrowserTest;
  let app: FastifyInstance;
  let browser: Browser;
  let library: InstitutionFixture;
  let staff: { username: string; password: string };
  const barcodes = { damaged: '39000000000501', held: '39000000000502', expired: '39000000000503', late: '39000000000504' };

  beforeAll(async () => {
    world = await startBrowserTest();
    ({ app, browser } = world);
    const db = world.database.db;
    library = await makeInstitution(db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    staff = await makeStaff(db, library.institutionId, { roleCode: 'technician' });
    await makeCirculationSetup(db, library, { overdueFinePolicy: { amountCents: 25, interval: 1, intervalUnit: 'days', chargeAt: 'end' } });
    await openEveryDay(db, library);
    await makeInstance(db, library, { title: 'A Water-Stained Atlas' }, [{ barcode: barcodes.damaged, status: 'damaged', callNumber: 'G1019 .W37' }]);
    await makeInstance(db, library, { title: 'Held for Ada' }, [{ barcode: barcodes.held }]);
    await makeInstance(db, library, { title: 'Never Collected' }, [{ barcode: barcodes.expired, callNumber: 'PS3552 .N48' }]);
    await makeInstance(db, library, { title: 'Long Overdue' }, [{ barcode: barcodes.late }]);
    const desk = await signInAs(app, staff.username, staff.password);
    const ada = await makePatron(db, library.institutionId, { firstName: 'Ada', lastName: 'Lovelace' });
    const ben = await makePatron(db, library.institutionId, { firstName: 'Ben', lastName: 'Late' });
    // both holds go on the hold shelf; one is then left past its deadline and the morning job closes it
    await placedRequest(desk, { type: 'page', patronBarcode: ada.barcode, itemBarcode: barcodes.held, pickupServicePointId: library.servicePointId });
    await placedRequest(desk, { type: 'page', patronBarcode: ben.barcode, itemBarcode: barcodes.expired, pickupServicePointId: library.servicePointId });
    for (const barcode of [barcodes.held, barcodes.expired]) expect((await checkInVia(desk, { itemBarcode: barcode, servicePointId: library.servicePointId })).json().action).toBe('hold-shelf');
    const expiredItem = await db.selectFrom('item').select('id').where('barcode', '=', barcodes.expired).executeTakeFirstOrThrow();
    await db.updateTable('request').set({ hold_shelf_expires_at: new Date(Date.now() - day).toISOString() }).where('item_id', '=', expiredItem.id).execute();
    expect((await runHoldShelfExpiry(testServiceContext(db, systemClock), library.institutionId)).expired).toHaveLength(1);
    // a loan ten days overdue
    const loan = await checkOutVia(desk, { patronBarcode: ben.barcode, itemBarcode: barcodes.late, servicePointId: library.servicePointId });
    await db.updateTable('loan').set({ loaned_at: new Date(Date.now() - 30 * day).toISOString(), due_at: new Date(Date.now() - 10 * day).toISOString() }).where('id', '=', loan.json().loan.id).execute();
  });

  afterAll(() => stopBrowserTest(world));

  async function scan(page: Page, barcode: string) {
    await page.getByLabel('Item barcode', { exact: true }).fill(barcode);
    await page.keyboard.press('Enter');
  }

  it('sets a damaged item aside (and makes it available on request), keeps a held item on the shelf, and clears an expired one from the hold shelf list by scanning it', { timeout: 120_000 }, async () => {
    const page = await openStaffClient(browser, world.baseUrl);
    await signInOnPage(page, staff);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Main Circulation Desk');

    // The hold shelf lists the expired hold to clear, with no way to move it but scanning
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hold shelf' }).click();
    const expired = page.getByRole('region', { name: 'Expired — clear from shelf (1)' });
    await expired.waitFor();
    const expiredRow = expired.getByRole('row').filter({ hasText: barcodes.expired });
    expect(await expiredRow.textContent()).toContain('Request closed: pickup expired');
    expect(await expiredRow.getByRole('button').count()).toBe(0);
    await expired.getByText('scan them at Check in').waitFor();
    await keepScreenshot(page, 'hold-shelf-expired-to-clear');
    expect(await seriousAxeFindings(page)).toEqual([]);

    await expired.getByRole('link', { name: 'Go to Check in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check in' }).waitFor();
    const checkedIn = page.getByRole('list', { name: 'Items checked in' });

    await scan(page, barcodes.damaged);
    const setAside = checkedIn.getByText('Send to repair: marked damaged.');
    await setAside.waitFor();
    // large type: bigger than the other instructions
    expect(await setAside.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThan(24);
    await checkedIn.getByRole('button', { name: `Make available ${barcodes.damaged}: check it in again` }).click();
    await checkedIn.getByText('Shelve at Main Library — Stacks, G1019 .W37').waitFor();
    await checkedIn.getByText('Made available: it was damaged.').waitFor();

    await scan(page, barcodes.held);
    await checkedIn.getByText('Hold shelf: already waiting here for pickup; keep it on the hold shelf.').waitFor();
    expect(await checkedIn.getByRole('button', { name: `Print hold slip for ${barcodes.held}` }).count()).toBe(1);

    await scan(page, barcodes.expired);
    await checkedIn.getByText('Shelve at Main Library — Stacks, PS3552 .N48').waitFor();
    await checkedIn.getByText('Taken off the hold shelf: its hold expired.').waitFor();
    await keepScreenshot(page, 'check-in-set-aside-and-hold-shelf');
    expect(await seriousAxeFindings(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hold shelf' }).click();
    await page.getByRole('row').filter({ hasText: barcodes.held }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: /Expired — clear from shelf/ }).count(), { timeout: 15_000 }).toBe(0);
    await page.context().close();
  });

  it('explains beside "Returned on" why a backdated check-in that takes a fine off was refused', { timeout: 60_000 }, async () => {
    const page = await openStaffClient(browser, world.baseUrl);
    await signInOnPage(page, staff);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Check in' }).click();
    await page.getByLabel('Returned on').fill(daysAgoAsInput(3));
    await scan(page, barcodes.late);
    const hint = page.locator('#returned-on-hint');
    await expect.poll(() => hint.textContent()).toContain('was refused');
    expect(await hint.textContent()).toContain('needs the circulation.backdate-check-in permission');
    expect(await page.getByLabel('Returned on').getAttribute('aria-invalid')).toBe('true');
    await keepScreenshot(page, 'check-in-backdate-refused');
    // with today's date it is checked in, and the whole fine stands
    await page.getByLabel('Returned on').fill(daysAgoAsInput(0));
    expect(await hint.textContent()).not.toContain('was refused');
    await scan(page, barcodes.late);
    await page.getByRole('list', { name: 'Items checked in' }).getByText(/Returned late/).waitFor();
    await page.context().close();
  });
});

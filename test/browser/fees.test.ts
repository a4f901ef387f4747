import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserTest, keepScreenshot, staffPageAt, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { chargeTestFee, makeWaiverReason } from '../support/factories/fee-ledger.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';

describe('fees on the patron page in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let staff: { username: string; password: string };
  let patronId: string;

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());

    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    staff = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    const patron = await makePatron(database.db, library.institutionId, { firstName: 'Alexander', preferredFirstName: 'Sasha', lastName: 'Moreno' });
    patronId = patron.id;
    const now = Date.now();
    await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 250, kind: 'overdue-fine', at: new Date(now - 3 * 86_400_000) });
    await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 300, kind: 'damaged-item', at: new Date(now - 86_400_000) });
    await makeWaiverReason(database.db, library.institutionId, 'Patron hardship');
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  it('takes a payment and waives a fee, each showing the balance after before confirming', { timeout: 90_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, staff, `/patrons/${patronId}?section=fees`);
    const fees = page.getByRole('region', { name: 'Fees' });
    await fees.waitFor();
    await expect.poll(() => fees.textContent()).toContain('Total owed $5.50');
    const table = fees.getByRole('table', { name: 'Open fees' });
    expect(await table.getByRole('row').count()).toBe(3);
    const rows = table.getByRole('row');
    expect(await rows.nth(1).textContent()).toContain('$2.50');
    expect(await rows.nth(2).textContent()).toContain('$3.00');
    await keepScreenshot(page, 'fees-patron');

    // Pay: the amount defaults to everything owed; a bigger one is refused inside the dialog.
    await fees.getByRole('button', { name: 'Pay', exact: true }).click();
    const pay = page.getByRole('dialog', { name: 'Take a payment for 2 fees' });
    await pay.waitFor();
    const amount = pay.getByLabel('Amount');
    expect(await amount.inputValue()).toBe('5.50');
    expect(await amount.evaluate((field) => field === document.activeElement)).toBe(true);
    await amount.fill('9.00');
    await pay.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
    expect(await pay.getByRole('button', { name: 'Confirm payment' }).isDisabled()).toBe(true);

    // $2.50 in cash goes to the oldest fee first; the dialog says so before anything is taken.
    await amount.fill('2.50');
    await pay.getByLabel('Payment method').selectOption({ label: 'Cash' });
    await pay.getByText('Balance after: $3.00').waitFor();
    expect(await pay.textContent()).toContain('$2.50 paid, $0.00 left');
    await keepScreenshot(page, 'fees-pay-dialog');
    await pay.getByRole('button', { name: 'Confirm payment' }).click();
    await pay.waitFor({ state: 'hidden' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $3.00');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Payment of $2.50 taken' }).count()).toBe(1);
    // The receipt for that payment is one click away, and prints the amount taken.
    const receiptLink = page.getByRole('link', { name: 'Print receipt' });
    const receiptPath = await receiptLink.getAttribute('href');
    expect(receiptPath).toMatch(/^\/api\/v1\/fee-receipts\/.+\.html$/);
    const receipt = await page.request.get(`${baseUrl}${receiptPath}`);
    expect(receipt.status()).toBe(200);
    expect(await receipt.text()).toContain('$2.50');
    expect(await table.getByRole('row').count()).toBe(2);

    // Waive the other fee with a reason: nothing owed afterwards.
    await table.getByRole('button', { name: /^Waive / }).click();
    const waive = page.getByRole('dialog', { name: /^Waive: Damaged item of / });
    await waive.waitFor();
    expect(await waive.getByLabel('Amount').inputValue()).toBe('3.00');
    await waive.getByLabel('Waiver reason').selectOption({ label: 'Patron hardship' });
    await waive.getByLabel('Note').fill('Damage was already there at check-out');
    await waive.getByText('Balance after: $0.00').waitFor();
    await keepScreenshot(page, 'fees-waive-dialog');
    await waive.getByRole('button', { name: 'Confirm waiver' }).click();
    await waive.waitFor({ state: 'hidden' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $0.00');
    await fees.getByText('Nothing owed.').waitFor();
    await keepScreenshot(page, 'fees-paid-up');
    await page.context().close();
  });
});

import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserTest, keepScreenshot, seriousAxeFindings, staffPageAt, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { chargeTestFee } from '../support/factories/fee-ledger.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';

describe('refunds and bursar transfers on the patron page in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let supervisor: { username: string; password: string };
  let technician: { username: string; password: string };
  let patronId: string;

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());

    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    supervisor = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor' });
    technician = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    const patron = await makePatron(database.db, library.institutionId, { firstName: 'Priya', lastName: 'Raman' });
    patronId = patron.id;
    const now = Date.now();
    await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 250, kind: 'overdue-fine', at: new Date(now - 3 * 86_400_000) });
    await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 300, kind: 'damaged-item', at: new Date(now - 86_400_000) });
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  it('refunds part of a payment and transfers a fee, each showing the balances after before confirming', { timeout: 120_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, supervisor, `/patrons/${patronId}?section=fees`);
    const fees = page.getByRole('region', { name: 'Fees' });
    await fees.waitFor();
    await expect.poll(() => fees.textContent()).toContain('Total owed $5.50');
    const table = fees.getByRole('table', { name: 'Open fees' });
    // Nothing paid yet, so nothing to refund; transferring is already possible.
    expect(await table.getByRole('button', { name: /^Refund / }).count()).toBe(0);
    expect(await table.getByRole('button', { name: /^Transfer / }).count()).toBe(2);

    // Pay $2.00 of the $2.50 fine in cash.
    await table.getByRole('button', { name: /^Pay Overdue fine of / }).click();
    const pay = page.getByRole('dialog', { name: /^Take a payment: Overdue fine of / });
    await pay.getByLabel('Amount').fill('2.00');
    await pay.getByText('Balance after: $3.50').waitFor();
    await pay.getByRole('button', { name: 'Confirm payment' }).click();
    await pay.waitFor({ state: 'hidden' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $3.50');
    await keepScreenshot(page, 'fees-refund-actions');

    // Refund $1.00 of it back onto what is owed (the card payment bounced).
    await table.getByRole('button', { name: /^Refund Overdue fine of / }).click();
    const refund = page.getByRole('dialog', { name: /^Refund: Overdue fine of / });
    await refund.waitFor();
    expect(await refund.textContent()).toContain('Paid on this fee and not yet refunded: $2.00');
    const amount = refund.getByLabel('Amount');
    expect(await amount.inputValue()).toBe('2.00');
    await amount.fill('2.50');
    await refund.getByRole('alert').filter({ hasText: /cannot be refunded/ }).waitFor();
    expect(await refund.getByRole('button', { name: 'Confirm refund' }).isDisabled()).toBe(true);
    await amount.fill('1.00');
    await refund.getByLabel('Refund to').selectOption({ label: 'Back onto what is owed (payment reversed)' });
    await refund.getByText('Balance after: $4.50').waitFor();
    expect(await refund.textContent()).toContain('Overdue fine after: $1.50');
    // The reason is required before the refund can be confirmed.
    expect(await refund.getByRole('button', { name: 'Confirm refund' }).isDisabled()).toBe(true);
    await refund.getByLabel('Reason for the refund').fill('Card payment reversed by the bank');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'fees-refund-dialog');
    await refund.getByRole('button', { name: 'Confirm refund' }).click();
    await refund.waitFor({ state: 'hidden' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $4.50');
    await expect.poll(() => page.getByRole('status').filter({ hasText: '$1.00 refunded. Balance now $4.50.' }).count()).toBe(1);

    // Transfer the damaged-item fee to the bursar: it leaves what is owed here.
    await table.getByRole('button', { name: /^Transfer Damaged item of / }).click();
    const transfer = page.getByRole('dialog', { name: /^Transfer to the bursar: Damaged item of / });
    await transfer.waitFor();
    expect(await transfer.getByLabel('Amount').inputValue()).toBe('3.00');
    await transfer.getByText('Balance after: $1.50').waitFor();
    expect(await transfer.textContent()).toContain('Damaged item after: $0.00');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'fees-transfer-dialog');
    await transfer.getByRole('button', { name: 'Confirm transfer' }).click();
    await transfer.waitFor({ state: 'hidden' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $1.50');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.textContent()).not.toContain('Damaged item');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.context().close();
  });

  it('offers neither refund nor transfer to a technician, whose role may not do them', { timeout: 60_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, technician, `/patrons/${patronId}?section=fees`);
    const table = page.getByRole('region', { name: 'Fees' }).getByRole('table', { name: 'Open fees' });
    await table.getByRole('button', { name: /^Pay Overdue fine of / }).waitFor();
    expect(await table.getByRole('button', { name: /^Refund / }).count()).toBe(0);
    expect(await table.getByRole('button', { name: /^Transfer / }).count()).toBe(0);
    await page.context().close();
  });
});

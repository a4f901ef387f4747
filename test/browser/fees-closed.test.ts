import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeFeeWithin, waiveFee } from '../../src/modules/fees/fee-ledger.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { type BrowserTest, keepScreenshot, seriousAxeFindings, staffPageAt, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { chargeTestFee, feeStaffWithRole, makeWaiverReason, systemActor } from '../support/factories/fee-ledger.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { testServiceContext } from '../support/service-context.ts';

describe('paid and closed fees on the patron page in a browser', () => {
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
    const { itemIds } = await makeInstance(database.db, library, { title: 'The Left Hand of Darkness' });
    const now = Date.now();
    await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 250, kind: 'overdue-fine', at: new Date(now - 3 * 86_400_000) });
    // A damaged cover on a book the patron returned: $3.00, charged against the item.
    await database.db
      .transaction()
      .execute((trx) => chargeFeeWithin(trx, new Date(now - 2 * 86_400_000), systemActor(library.institutionId), { patronId, feeType: { kind: 'damaged-item' }, amountCents: 300, itemId: itemIds[0]! }));
    // An older fine waived last month: closed, with nothing paid on it to refund.
    const waived = await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 75, kind: 'overdue-fine', at: new Date(now - 40 * 86_400_000) });
    const reason = await makeWaiverReason(database.db, library.institutionId, 'Patron hardship');
    await waiveFee(testServiceContext(database.db, systemClock), feeStaffWithRole(library.institutionId, 'supervisor'), waived.id, { waiverReasonId: reason.id });
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  it('pays a fee in full, finds it under the closed fees and refunds part of it, then reopens it', { timeout: 120_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, supervisor, `/patrons/${patronId}?section=fees`);
    const fees = page.getByRole('region', { name: 'Fees' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $5.50');
    const open = fees.getByRole('table', { name: 'Open fees' });
    const disclosure = fees.getByRole('button', { name: /^Paid and closed fees/ });
    await fees.getByRole('button', { name: 'Paid and closed fees (1)', exact: true }).waitFor();
    expect(await disclosure.getAttribute('aria-expanded')).toBe('false');

    // Pay the damaged-item fee in full in cash: it closes and leaves the open fees.
    await open.getByRole('button', { name: /^Pay Damaged item of / }).click();
    const pay = page.getByRole('dialog', { name: /^Take a payment: Damaged item of / });
    expect(await pay.getByLabel('Amount').inputValue()).toBe('3.00');
    await pay.getByText('Balance after: $2.50').waitFor();
    await pay.getByRole('button', { name: 'Confirm payment' }).click();
    await pay.waitFor({ state: 'hidden' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $2.50');
    expect(await open.textContent()).not.toContain('Damaged item');
    await fees.getByRole('button', { name: 'Paid and closed fees (2)', exact: true }).waitFor();

    // Unfolded: the paid fee with its item's title and how it closed; the waived fine has nothing to refund.
    await disclosure.click();
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    const closed = fees.getByRole('table', { name: 'Paid and closed fees' });
    const damaged = closed.getByRole('row').filter({ hasText: 'Damaged item' });
    await damaged.getByRole('link', { name: 'The Left Hand of Darkness' }).waitFor();
    expect(await damaged.textContent()).toContain('$3.00');
    expect(await damaged.getByRole('cell', { name: 'Paid', exact: true }).count()).toBe(1);
    const waivedRow = closed.getByRole('row').filter({ hasText: 'Overdue fine' });
    expect(await waivedRow.getByRole('cell', { name: 'Waived', exact: true }).count()).toBe(1);
    expect(await waivedRow.getByRole('button', { name: /^Refund / }).count()).toBe(0);
    await damaged.getByRole('button', { name: /^History of Damaged item of / }).click();
    await expect.poll(() => closed.textContent()).toMatch(/Payment \$3\.00, balance \$0\.00 \(Cash\)/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'fees-closed');

    // Refund $1.00 to the patron: the fee stays closed, and says so.
    await damaged.getByRole('button', { name: /^Refund Damaged item of / }).click();
    const refund = page.getByRole('dialog', { name: /^Refund: Damaged item of / });
    expect(await refund.textContent()).toContain('Paid on this fee and not yet refunded: $3.00');
    await refund.getByLabel('Amount').fill('1.00');
    await refund.getByText('Damaged item after: $0.00').waitFor();
    await refund.getByLabel('Reason for the refund').fill('Cover damage was there before the loan');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await refund.getByRole('button', { name: 'Confirm refund' }).click();
    await refund.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: '$1.00 refunded. Balance now $2.50.' }).count()).toBe(1);
    await expect.poll(() => damaged.getByRole('cell', { name: 'Paid; $1.00 refunded' }).count()).toBe(1);
    expect(await fees.textContent()).toContain('Total owed $2.50');

    // Refund $0.50 more back onto what is owed: the fee reopens and moves up to the open fees.
    await damaged.getByRole('button', { name: /^Refund Damaged item of / }).click();
    const again = page.getByRole('dialog', { name: /^Refund: Damaged item of / });
    expect(await again.textContent()).toContain('Paid on this fee and not yet refunded: $2.00');
    await again.getByLabel('Amount').fill('0.50');
    await again.getByLabel('Refund to').selectOption({ label: 'Back onto what is owed (payment reversed)' });
    await again.getByText('Balance after: $3.00').waitFor();
    await again.getByLabel('Reason for the refund').fill('Half the cash was counterfeit');
    await again.getByRole('button', { name: 'Confirm refund' }).click();
    await again.waitFor({ state: 'hidden' });
    await expect.poll(() => fees.textContent()).toContain('Total owed $3.00');
    await fees.getByRole('button', { name: 'Paid and closed fees (1)', exact: true }).waitFor();
    const reopened = open.getByRole('row').filter({ hasText: 'Damaged item' });
    expect(await reopened.textContent()).toContain('$0.50');
    expect(await closed.textContent()).not.toContain('Damaged item');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'fees-closed-reopened');
    await page.context().close();
  });

  it('shows a technician the closed fees without a Refund button, since their role may not refund', { timeout: 60_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, technician, `/patrons/${patronId}?section=fees`);
    const fees = page.getByRole('region', { name: 'Fees' });
    await fees.getByRole('button', { name: /^Paid and closed fees \(\d\)$/ }).click();
    const closed = fees.getByRole('table', { name: 'Paid and closed fees' });
    await closed.getByRole('row').nth(1).waitFor();
    expect(await closed.getByRole('button', { name: /^Refund / }).count()).toBe(0);
    expect(await closed.getByRole('button', { name: /^History of / }).count()).toBeGreaterThan(0);
    await page.context().close();
  });
});

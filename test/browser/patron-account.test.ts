import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.ts';
import { type BrowserTest, keepScreenshot, openStaffClient, seriousAxeFindings, signInOnPage, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeOpenLoan } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';

const day = 86_400_000;

/** A due date as the account shows a day loan due at the end of the day (the library keeps UTC here). */
function shownDueDate(at: Date): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(at);
}

function endOfUtcDay(at: number): Date {
  const date = new Date(at);
  date.setUTCHours(23, 59, 0, 0);
  return date;
}

describe('the patron account and the item record in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let staff: { username: string; password: string };
  let patronId: string;
  let firstItemId: string;
  const titles = ['The Hidden Life of Trees', 'Braiding Sweetgrass', 'Gödel, Escher, Bach'];
  const barcodes = ['39000000000201', '39000000000202', '39000000000203'];

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());

    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'UTC' });
    staff = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor' });
    const setup = await makeCirculationSetup(database.db, library, { lostItemPolicy: { processingFeeCents: 1000 } });
    await openEveryDay(database.db, library);
    const patron = await makePatron(database.db, library.institutionId, { barcode: '21000000000301', firstName: 'Alexander', preferredFirstName: 'Sasha', lastName: 'Moreno', email: 'sasha@example.edu' });
    patronId = patron.id;
    const now = Date.now();
    for (const [index, title] of titles.entries()) {
      const { itemIds } = await makeInstance(database.db, library, { title }, [{ barcode: barcodes[index] }]);
      const itemId = itemIds[0] ?? '';
      if (index === 0) firstItemId = itemId;
      await makeOpenLoan(database.db, library, setup, {
        itemId,
        patronId: patron.id,
        loanedAt: new Date(now - 10 * day).toISOString(),
        dueAt: endOfUtcDay(now + (index + 3) * day).toISOString(),
        // another patron has recalled the third: it cannot be renewed
        recalledAt: index === 2 ? new Date(now - day).toISOString() : undefined,
      });
    }
    await database.db
      .insertInto('notice_delivery')
      .values({
        id: newId(),
        institution_id: library.institutionId,
        patron_id: patron.id,
        loan_id: null,
        kind: 'due-soon',
        event_key: `due-soon:${patron.id}`,
        batch_id: newId(),
        status: 'sent',
        attempts: 1,
        last_error: null,
        next_attempt_at: null,
        sent_at: new Date(now - 2 * day).toISOString(),
        recipient: 'sasha@example.edu',
        subject: 'Items due soon at Willow Valley College',
        body: 'Your items are due soon.',
        created_at: new Date(now - 2 * day).toISOString(),
      })
      .execute();
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  it('renews all with a refusal on its line, changes a due date, blocks, notes and notices, then the item record', { timeout: 120_000 }, async () => {
    const page = await openStaffClient(browser, baseUrl);
    await signInOnPage(page, staff);
    await page.goto(`${baseUrl}/patrons/${patronId}`);
    await page.getByRole('complementary', { name: 'Sasha Moreno' }).waitFor();

    // Loans are where the account opens; each line has title, barcode, due date and renewals.
    const loans = page.getByRole('table', { name: 'Current loans' });
    await loans.waitFor();
    expect(await loans.getByRole('row').count()).toBe(4);
    expect(await page.getByRole('tab', { name: 'Loans' }).getAttribute('aria-selected')).toBe('true');
    await keepScreenshot(page, 'patron-account-loans');

    // Renew all: two renew, the recalled one says why on its own line.
    await page.getByRole('button', { name: 'Renew all' }).click();
    const refusedLine = loans.getByRole('row').filter({ hasText: titles[2] });
    await refusedLine.getByText('Not renewed: This item has been recalled by another patron.').waitFor();
    await page.getByRole('status').filter({ hasText: '2 of 3 loans renewed.' }).waitFor({ state: 'attached' });
    const firstLine = loans.getByRole('row').filter({ hasText: titles[0] });
    await expect.poll(() => firstLine.textContent()).toContain('Renewed: now due');
    await expect.poll(() => firstLine.getByRole('cell').nth(4).textContent()).toBe('1');
    await keepScreenshot(page, 'patron-account-renewed');
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Change a due date in a dialog that asks for the new date and a reason.
    await page.getByRole('button', { name: `Change due date of ${titles[1]} (${barcodes[1]})` }).click();
    const changeDue = page.getByRole('dialog', { name: `Change the due date of ${titles[1]}` });
    await changeDue.waitFor();
    const newDue = endOfUtcDay(Date.now() + 40 * day);
    await changeDue.getByLabel('New due date').fill(newDue.toISOString().slice(0, 10));
    await changeDue.getByLabel('Reason', { exact: true }).fill('Interlibrary exchange semester');
    await changeDue.getByRole('button', { name: 'Change due date' }).click();
    await changeDue.waitFor({ state: 'hidden' });
    await expect.poll(() => loans.getByRole('row').filter({ hasText: titles[1] }).textContent()).toContain(shownDueDate(newDue));

    // Declare the recalled one lost: the dialog says what the lost item policy will charge first.
    await page.getByRole('button', { name: `Declare lost: ${titles[2]} (${barcodes[2]})` }).click();
    const lost = page.getByRole('dialog', { name: `Declare ${titles[2]} lost` });
    await lost.getByText('Charged in all: $10.00').waitFor();
    await keepScreenshot(page, 'patron-account-declare-lost');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await lost.getByRole('button', { name: 'Declare lost' }).click();
    await lost.waitFor({ state: 'hidden' });
    await expect.poll(() => loans.getByRole('row').filter({ hasText: titles[2] }).textContent()).toContain('Declared lost');

    // Keyboard: the tabs move with the arrow keys.
    await page.getByRole('tab', { name: 'Loans' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('region', { name: 'Fees' }).textContent()).toContain('Total owed $10.00');
    expect(await page.getByRole('tab', { name: 'Fees' }).evaluate((tab) => tab === document.activeElement)).toBe(true);

    // Requests: the requests screens' section is mounted in its tab.
    await page.getByRole('tab', { name: 'Requests' }).click();
    await page.getByRole('tabpanel', { name: 'Requests' }).getByRole('heading', { level: 2 }).waitFor();

    // Details: the server's objection appears beside the field it is about; a good change is saved.
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Phone').fill('+1 555 0142');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const emailProblem = page.locator('#patron-email-problem');
    await emailProblem.waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await keepScreenshot(page, 'patron-account-details-problem');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.getByLabel('Email').fill('sasha.moreno@example.edu');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Details saved.').waitFor();
    expect(await page.getByRole('region', { name: 'Details' }).textContent()).toContain('+1 555 0142');

    // Blocks: add one (the card shows it at once), then lift it saying why.
    await page.getByRole('tab', { name: 'Blocks' }).click();
    const blocks = page.getByRole('region', { name: 'Blocks' });
    await blocks.getByText('No blocks.').waitFor();
    await blocks.getByLabel('Reason for the block').fill('Library card reported stolen');
    await blocks.getByRole('button', { name: 'Add block' }).click();
    await blocks.getByRole('list', { name: 'Blocks on this account' }).getByText('Library card reported stolen').waitFor();
    await expect.poll(() => page.getByRole('complementary', { name: 'Sasha Moreno' }).textContent()).toContain('Blocked: Library card reported stolen');
    await keepScreenshot(page, 'patron-account-blocks');
    await blocks.getByRole('button', { name: 'Remove block: Library card reported stolen' }).click();
    const lift = page.getByRole('dialog', { name: 'Remove this block' });
    await lift.getByLabel('Why it is lifted').fill('Card found by the patron');
    await lift.getByRole('button', { name: 'Remove block' }).click();
    await lift.waitFor({ state: 'hidden' });
    await blocks.getByText('No blocks.').waitFor();

    // Notes: a pop-up note is flagged as one, and the card shows it.
    await page.getByRole('tab', { name: 'Notes' }).click();
    const notes = page.getByRole('region', { name: 'Notes' });
    await notes.getByLabel('Note', { exact: true }).fill('Prefers email over phone calls');
    await notes.getByLabel('Pop up whenever the account is opened').check();
    await notes.getByRole('button', { name: 'Add note' }).click();
    const noteList = notes.getByRole('list', { name: 'Notes on this account' });
    await noteList.getByText('Prefers email over phone calls').waitFor();
    expect(await noteList.textContent()).toContain('Pop-up note');
    await expect.poll(() => page.getByRole('complementary', { name: 'Sasha Moreno' }).textContent()).toContain('Note: Prefers email over phone calls');
    await keepScreenshot(page, 'patron-account-notes');
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Notices sent: kind, when, status and subject.
    await page.getByRole('tab', { name: 'Notices sent' }).click();
    const notices = page.getByRole('table', { name: 'Notices sent to this patron' });
    await notices.waitFor();
    const notice = await notices.getByRole('row').nth(1).textContent();
    expect(notice).toContain('due soon');
    expect(notice).toContain('Sent');
    expect(notice).toContain('Items due soon at Willow Valley College');
    await keepScreenshot(page, 'patron-account-notices');

    // The audit trail lists the block added and removed (a supervisor may read it).
    await page.getByRole('tab', { name: 'Audit trail' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Audit trail' }).textContent()).toContain('patron.block-remove');

    // The item record: its current loan with the patron, and the policies that apply.
    await page.goto(`${baseUrl}/items/${firstItemId}`);
    const currentLoan = page.getByRole('region', { name: 'Current loan' });
    await currentLoan.getByRole('link', { name: 'Sasha Moreno' }).waitFor();
    expect(await currentLoan.textContent()).toContain('Standard loan');
    const policies = page.getByRole('region', { name: 'Policies that apply' });
    await policies.getByLabel('For patron group').selectOption({ label: 'faculty' });
    await expect.poll(() => policies.textContent()).toContain('Fallback');
    expect(await policies.textContent()).toContain('Standard lost items');
    await keepScreenshot(page, 'item-record');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await currentLoan.getByRole('link', { name: 'Sasha Moreno' }).click();
    await page.getByRole('table', { name: 'Current loans' }).waitFor();
    await page.context().close();
  });
  it('shows a PIN locked by wrong tries on the Details tab, and a supervisor clears it', { timeout: 120_000 }, async () => {
    const lockedUntil = new Date(Date.now() + 10 * 60_000).toISOString();
    await database.db.updateTable('patron').set({ pin_hash: 'x', pin_failed_attempts: 0, pin_locked_until: lockedUntil }).where('id', '=', patronId).execute();
    const page = await openStaffClient(browser, baseUrl);
    await signInOnPage(page, staff);
    await page.goto(`${baseUrl}/patrons/${patronId}`);
    await page.getByRole('tab', { name: 'Details' }).click();
    const details = page.getByRole('region', { name: 'Details' });
    await expect.poll(() => details.textContent()).toContain('Locked by wrong tries until');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'patron-pin-locked');
    await details.getByRole('button', { name: 'Clear PIN lock' }).click();
    await expect.poll(() => details.textContent()).not.toContain('Locked by wrong tries');
    const row = await database.db.selectFrom('patron').select(['pin_locked_until']).where('id', '=', patronId).executeTakeFirstOrThrow();
    expect(row.pin_locked_until).toBeNull();
    await page.context().close();
  });
});

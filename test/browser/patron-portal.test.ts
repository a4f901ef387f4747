import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPatronBlock } from '../../src/modules/patrons/patron-block.service.ts';
import { setPatronPin } from '../../src/modules/patrons/patron.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import { type BrowserTest, keepScreenshot, seriousAxeFindings, signInOnPage, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { chargeTestFee, systemActor } from '../support/factories/fee-ledger.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makeOpenLoan } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';

const day = 86_400_000;
const timeZone = 'America/Los_Angeles';
const phone = { width: 390, height: 844 };

/** 23:59 in the library's zone, `days` from now: when a day loan falls due. */
function endOfLibraryDay(days: number): Date {
  const date = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(Date.now() + days * day));
  const clock = (at: Date) => new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  return [new Date(`${date}T23:59:00-08:00`), new Date(`${date}T23:59:00-07:00`)].find((at) => clock(at) === '23:59') ?? new Date(`${date}T23:59:00-08:00`);
}

/** A due date in words, as a patron reads it: "Friday, January 17" (the year only when it is not this one). */
function inWords(at: Date): string {
  const year = (when: Date) => new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone }).format(when);
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric', ...(year(at) === year(new Date()) ? {} : { year: 'numeric' }), timeZone }).format(at);
}

describe('the patron portal on a phone', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let staff: { username: string; password: string };
  let library: Awaited<ReturnType<typeof makeInstitution>>;
  let patronId: string;
  const card = '21000000000501';
  const pin = '4821';
  const loanTitles = ['The Hidden Life of Trees', 'Gödel, Escher, Bach', 'A Pattern Language'];
  const dueDates = [endOfLibraryDay(3), endOfLibraryDay(-2), endOfLibraryDay(5)];
  // Another patron of the same library: nothing of theirs may ever appear on Sasha's screens.
  const stranger = { firstName: 'Quentin', lastName: 'Okonkwo', title: 'Zebra Migration Atlas' };

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());

    library = await makeInstitution(database.db, { name: 'Westvale College', timeZone });
    await makeInstitution(database.db, { name: 'Eastbrook Partner Library' });
    staff = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    const setup = await makeCirculationSetup(database.db, library);
    await openEveryDay(database.db, library);
    await database.db
      .insertInto('service_point')
      .values({ id: newId(), institution_id: library.institutionId, library_id: library.libraryId, code: 'SCI', name: 'Science Library Desk', discovery_name: null, is_pickup_point: true, hold_shelf_expiry_days: 7, time_zone: null, active: true })
      .execute();

    const patron = await makePatron(database.db, library.institutionId, { barcode: card, firstName: 'Alexander', preferredFirstName: 'Sasha', lastName: 'Moreno' });
    patronId = patron.id;
    await setPatronPin(database.db, systemClock, systemActor(library.institutionId), patron.id, pin);
    const now = Date.now();
    for (const [index, title] of loanTitles.entries()) {
      const { itemIds } = await makeInstance(database.db, library, { title, contributors: ['Author, Some'] });
      await makeOpenLoan(database.db, library, setup, {
        itemId: itemIds[0] ?? '',
        patronId: patron.id,
        loanedAt: new Date(now - 20 * day).toISOString(),
        dueAt: dueDates[index]!.toISOString(),
        // someone else needs the third back: it cannot be renewed
        recalledAt: index === 2 ? new Date(now - day).toISOString() : undefined,
      });
    }
    await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 350 });
    await makeInstance(database.db, library, { title: 'Braiding Sweetgrass', contributors: ['Kimmerer, Robin Wall'], publicationDate: '2013' }, [
      { status: 'available' },
      { status: 'available' },
      { status: 'checked-out' },
    ]);

    const other = await makePatron(database.db, library.institutionId, { firstName: stranger.firstName, lastName: stranger.lastName, pin: '1111' });
    const { itemIds } = await makeInstance(database.db, library, { title: stranger.title });
    await makeOpenLoan(database.db, library, setup, { itemId: itemIds[0] ?? '', patronId: other.id, loanedAt: new Date(now - day).toISOString(), dueAt: endOfLibraryDay(10).toISOString() });
    await chargeTestFee(database.db, library.institutionId, other.id, { amountCents: 1275 });
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  async function openPortal(): Promise<Page> {
    const context = await browser.newContext({ viewport: phone, locale: 'en-US', isMobile: true, hasTouch: true });
    return context.newPage();
  }

  async function signIn(page: Page, pinTyped = pin): Promise<void> {
    await page.getByLabel('Library', { exact: true }).selectOption({ label: 'Westvale College' });
    await page.getByLabel('Library card number').fill(card);
    await page.getByLabel('PIN', { exact: true }).fill(pinTyped);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function expectNothingOfTheStranger(page: Page): Promise<void> {
    const text = await page.locator('body').innerText();
    for (const word of [stranger.firstName, stranger.lastName, stranger.title, '$12.75']) expect(text).not.toContain(word);
  }

  it('signs in with card and PIN, renews, requests and cancels, and signs out', { timeout: 120_000 }, async () => {
    const page = await openPortal();
    await page.goto(`${baseUrl}/portal`);
    await page.getByRole('heading', { name: 'Sign in to your library account' }).waitFor();
    expect(await page.getByLabel('PIN', { exact: true }).getAttribute('inputmode')).toBe('numeric');
    expect(await page.getByLabel('PIN', { exact: true }).getAttribute('autocomplete')).toBe('off');
    // Two libraries sign in here, so the chooser shows, the first preselected.
    expect(await page.getByLabel('Library', { exact: true }).inputValue()).not.toBe('');
    await keepScreenshot(page, 'portal-sign-in');
    expect(await seriousAxeFindings(page)).toEqual([]);

    // A wrong PIN: one message, the server's, and the PIN field emptied for another try.
    await signIn(page, '0000');
    const failure = page.getByRole('alert').filter({ hasText: 'That library card number and PIN did not work' });
    await failure.waitFor();
    expect(await page.getByRole('alert').filter({ hasText: /\S/ }).count()).toBe(1);
    expect(await page.getByLabel('PIN', { exact: true }).inputValue()).toBe('');

    await signIn(page);
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await page.getByText('Hello, Sasha Moreno').waitFor();
    expect(await page.locator('.portal-summary').innerText()).toBe('3 items out, 1 overdue, you owe $3.50');

    // Loans: due dates in words in the library's zone; the overdue one and the recalled one say so.
    const loans = page.getByRole('list', { name: 'Items you have out' });
    const loanOf = (title: string) => loans.getByRole('listitem').filter({ hasText: title });
    expect(await loanOf(loanTitles[0]!).innerText()).toContain(`Due back ${inWords(dueDates[0]!)}`);
    const overdue = await loanOf(loanTitles[1]!).innerText();
    expect(overdue).toContain('Overdue');
    expect(overdue).toContain(`Was due back ${inWords(dueDates[1]!)}`);
    expect(await loanOf(loanTitles[2]!).innerText()).toContain(`Recalled — please return by ${inWords(dueDates[2]!)}`);
    await page.getByText('You owe $3.50 — pay at any desk.').waitFor();
    await expectNothingOfTheStranger(page);
    await keepScreenshot(page, 'portal-account');
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Renew one: the new due date on its line and in the live region; the recalled one says why not.
    await page.getByRole('button', { name: `Renew ${loanTitles[0]}` }).click();
    await loanOf(loanTitles[0]!).getByText(/^Renewed: now due back /).waitFor();
    await page.getByRole('status').filter({ hasText: `Renewed ${loanTitles[0]}: now due back` }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: `Renew ${loanTitles[2]}` }).click();
    await loanOf(loanTitles[2]!).getByText(/^Not renewed: \S/).waitFor();

    // Search the catalog and request a title for the other desk.
    await page.getByRole('navigation', { name: 'Your library' }).getByRole('link', { name: 'Search the catalog' }).click();
    await page.getByLabel('Title, author or subject').fill('sweetgrass');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 title found' }).waitFor();
    const result = page.getByRole('list', { name: 'Search results' }).getByRole('listitem').filter({ hasText: 'Braiding Sweetgrass' });
    expect(await result.innerText()).toContain('2 of 3 copies on the shelf');
    await expectNothingOfTheStranger(page);
    await keepScreenshot(page, 'portal-search');
    expect(await seriousAxeFindings(page)).toEqual([]);

    await result.getByRole('button', { name: 'Request Braiding Sweetgrass' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request “Braiding Sweetgrass”' });
    await dialog.getByLabel('Pick it up at').selectOption({ label: 'Science Library Desk' });
    await dialog.getByLabel('Not needed after (optional)').fill(new Date(Date.now() + 30 * day).toISOString().slice(0, 10));
    await keepScreenshot(page, 'portal-request-dialog');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Request', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Requested “Braiding Sweetgrass”. We will let you know when it is ready to pick up at Science Library Desk.' }).waitFor();
    await result.getByText('Requested', { exact: true }).waitFor();

    // The request is on the account; cancelling asks first.
    await page.getByRole('link', { name: 'My account' }).click();
    const request = page.getByRole('list', { name: 'Your requests' }).getByRole('listitem').filter({ hasText: 'Braiding Sweetgrass' });
    expect(await request.innerText()).toContain('Pick up at Science Library Desk');
    await request.getByRole('button', { name: 'Cancel your request for Braiding Sweetgrass' }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancel your request for “Braiding Sweetgrass”?' });
    expect(await seriousAxeFindings(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Cancel request' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Your request for “Braiding Sweetgrass” is cancelled.' }).waitFor();
    await request.waitFor({ state: 'detached' });
    await expectNothingOfTheStranger(page);

    // Sign out: back to the form, saying so, with nothing of the account left on the page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out. You can close this page.').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Sasha');
    await page.goto(`${baseUrl}/portal`);
    await page.getByRole('heading', { name: 'Sign in to your library account' }).waitFor();
    await page.context().close();
  });

  it('shows a block, returns to sign-in when the session ends on the server, and leaves a staff session alone', { timeout: 90_000 }, async () => {
    // The staff reason stays with staff: the patron is only told to ask at a desk.
    await addPatronBlock(database.db, systemClock, systemActor(library.institutionId), patronId, { reason: 'Library card reported stolen', patronMessage: 'Please bring photo ID to any desk.' });
    const page = await openPortal();
    await page.goto(`${baseUrl}/`);
    await signInOnPage(page, staff);

    await page.goto(`${baseUrl}/portal`);
    await signIn(page);
    await page.getByText('Your account has a block: please ask at a desk.').waitFor();
    await page.getByText('Please bring photo ID to any desk.').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('reported stolen');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await database.db.deleteFrom('portal_session').execute();
    await page.getByRole('button', { name: `Renew ${loanTitles[1]}` }).click();
    await page.getByText('You were signed out. Please sign in again.').waitFor();
    await page.getByLabel('Library card number').waitFor();

    // The desk's own session was never the portal's to end.
    await page.goto(`${baseUrl}/check-out`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.context().close();
  });

  it('signs a patron out after 10 minutes without activity, saying why', { timeout: 90_000 }, async () => {
    const page = await openPortal();
    await page.clock.install();
    await page.goto(`${baseUrl}/portal`);
    await signIn(page);
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await page.clock.fastForward('09:00');
    expect(await page.getByRole('heading', { name: 'My account', level: 1 }).isVisible()).toBe(true);
    await page.clock.fastForward('01:10');
    await page.getByText('You were signed out after 10 minutes without activity').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Sasha');
    await page.context().close();
  });

  it('changes the PIN after asking for the current one and the new one twice', { timeout: 90_000 }, async () => {
    const page = await openPortal();
    await page.goto(`${baseUrl}/portal`);
    await signIn(page);
    const form = page.getByRole('region', { name: 'Change my PIN' });
    await form.getByLabel('Current PIN').fill(pin);
    await form.getByLabel('New PIN', { exact: true }).fill('80469');
    await form.getByLabel('New PIN again').fill('80468');
    await form.getByRole('button', { name: 'Change PIN' }).click();
    await form.getByText('The two new PINs are not the same.').waitFor();

    await form.getByLabel('Current PIN').fill('0000');
    await form.getByLabel('New PIN again').fill('80469');
    await form.getByRole('button', { name: 'Change PIN' }).click();
    await form.getByText('That is not your current PIN.').waitFor();

    await form.getByLabel('Current PIN').fill(pin);
    await form.getByRole('button', { name: 'Change PIN' }).click();
    await form.getByText('Your PIN is changed.').waitFor();
    await keepScreenshot(page, 'portal-pin-changed');
    expect(await seriousAxeFindings(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, pin);
    await page.getByText('That library card number and PIN did not work.').waitFor();
    await signIn(page, '80469');
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await page.context().close();
  });
});

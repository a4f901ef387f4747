import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuditEvent, type Actor } from '../../src/modules/audit/audit.queries.ts';
import { payFees } from '../../src/modules/fees/fee-payment.service.ts';
import { updatePatron } from '../../src/modules/patrons/patron.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { type BrowserTest, keepScreenshot, seriousAxeFindings, staffPageAt, startBrowserTest, stopBrowserTest } from '../support/browser.ts';
import { chargeTestFee } from '../support/factories/fee-ledger.ts';
import { makeInstitution } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInToPortalAs } from '../support/http.ts';
import { testServiceContext } from '../support/service-context.ts';

describe('the audit trail of a patron, in words, in a browser', () => {
  let database: BrowserTest['database'];
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let supervisor: { id: string; username: string; password: string };
  let technician: { username: string; password: string };
  let patronId: string;

  beforeAll(async () => {
    ({ database, app, baseUrl, browser } = await startBrowserTest());
    const library = await makeInstitution(database.db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    supervisor = await makeStaff(database.db, library.institutionId, { roleCode: 'supervisor', username: 'morgan.lee' });
    technician = await makeStaff(database.db, library.institutionId, { roleCode: 'technician' });
    const patron = await makePatron(database.db, library.institutionId, { firstName: 'Priya', lastName: 'Raman', pin: '4821' });
    patronId = patron.id;
    const actor = (kind: Actor['kind'], name: string, id: string | null = null): Actor => ({ kind, id, name, institutionId: library.institutionId });
    const morgan = actor('staff', 'morgan.lee', supervisor.id);

    // The desk corrects her email; she pays a fine at the kiosk by the door; she signs in to the portal.
    await updatePatron(database.db, systemClock, morgan, patron.id, { email: 'priya.raman@willow.example.edu' });
    await chargeTestFee(database.db, library.institutionId, patron.id, { amountCents: 150 });
    const kiosk = { actor: actor('sip', 'east-entrance'), permissions: new Set(['fees.pay']), roleCode: null };
    await payFees(testServiceContext(database.db, systemClock), kiosk, patron.id, { amountCents: 150, method: 'card' });
    await signInToPortalAs(app, library.code, patron.barcode, '4821');
    // An action this staff client has no words for yet (a later server may record new ones).
    await recordAuditEvent(database.db, actor('staff', 'robin.former'), systemClock.now(), { action: 'patron.merge', entityType: 'patron', entityId: patron.id });
  });

  afterAll(() => stopBrowserTest({ browser, app, database }));

  it('says what each action was and who did it, keeping the action code beside it', { timeout: 90_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, supervisor, `/patrons/${patronId}`);
    await page.getByRole('tab', { name: 'Audit trail' }).click();
    const trail = page.getByRole('region', { name: 'Audit trail' });
    const entries = trail.getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(5);
    const entry = (words: string) => entries.filter({ hasText: words });
    // Staff names come from the staff accounts, which may answer after the trail.
    await entry("Changed the patron's details").getByText('Test morgan.lee', { exact: true }).waitFor();

    const lines: [string, string, string][] = [
      ['Added the patron', 'patron.create', 'System'],
      // A staff member by the name on their account (the factory names morgan.lee "Test morgan.lee").
      ["Changed the patron's details", 'patron.update', 'Test morgan.lee'],
      ['Took a payment', 'fee.payment-across-fees', 'Self-check kiosk east-entrance'],
      ['Signed in to the patron portal', 'portal.sign-in', 'The patron (portal)'],
    ];
    for (const [words, code, who] of lines) {
      const line = entry(words);
      expect(await line.count()).toBe(1);
      expect(await line.locator('.audit-trail__action').textContent()).toBe(words);
      expect(await line.getByText(code, { exact: true }).count()).toBe(1);
      expect(await line.getByText(who, { exact: true }).count()).toBe(1);
    }
    // No words for this code: the code itself stands in, once; a staff member without an account here by username.
    const unknown = entry('patron.merge');
    expect(await unknown.locator('.audit-trail__action').textContent()).toBe('patron.merge');
    expect(await unknown.getByText('patron.merge').count()).toBe(1);
    expect(await unknown.getByText('robin.former', { exact: true }).count()).toBe(1);
    // Newest first.
    expect(await entries.first().textContent()).toContain('patron.merge');
    expect(await entries.last().textContent()).toContain('Added the patron');

    expect(await seriousAxeFindings(page)).toEqual([]);
    await keepScreenshot(page, 'patron-audit-trail');
    await page.context().close();
  });

  it('shows a technician, whose role may not read the audit log, no audit trail tab', { timeout: 60_000 }, async () => {
    const page = await staffPageAt(browser, baseUrl, technician, `/patrons/${patronId}`);
    await page.getByRole('tab', { name: 'Loans' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Audit trail' }).count()).toBe(0);
    await page.context().close();
  });
});

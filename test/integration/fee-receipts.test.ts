import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { startMailbox } from '../support/mailbox.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';



describeOnBothDatabases('fee receipts', (database) => {
  const clock = fixedClock('2026-10-05T16:00:00Z');
  let app: FastifyInstance;
  let appWithoutEmail: FastifyInstance;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let library: InstitutionFixture;
  let admin: StaffSession;
  let adminWithoutEmail: StaffSession;
  let outsider: StaffSession;
  let headphones: { id: string };
  let hardship: { id: string };
  let itemId: string;

  const post = (session: StaffSession, url: string, payload: object = {}) => session.request({ method: 'POST', url, payload });

  async function charge(patronId: string, amountCents: number, extra: object = {}): Promise<string> {
    clock.advance(60_000);
    const reply = await post(admin, `/api/v1/patrons/${patronId}/fees`, { feeTypeId: headphones.id, amountCents, ...extra });
    expect(reply.statusCode, reply.body).toBe(201);
    return reply.json().fee.id;
  }

  /** A patron with two fees and one payment across both; the patron still owes $3.00 afterwards. */
  async function patronWhoPaidTwoFees() {
    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Ada', lastName: 'O’Reilly <Lovelace>', email: 'ada@example.edu' });
    await charge(patron.id, 500, { itemId, description: 'Left in the reading room' });
    await charge(patron.id, 800);
    clock.advance(60_000);
    const reply = await post(admin, `/api/v1/patrons/${patron.id}/fees/pay`, { amountCents: 1000, method: 'cash', servicePointId: library.servicePointId });
    expect(reply.statusCode, reply.body).toBe(200);
    return { patron, batchId: reply.json().batchId as string };
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app } = await buildTestApp(database(), clock, { smtpUrl: mailbox.url }));
    ({ app: appWithoutEmail } = await buildTestApp(database(), clock));
    library = await makeInstitution(database().db);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    admin = await signInAs(app, staff.username, staff.password);
    adminWithoutEmail = await signInAs(appWithoutEmail, staff.username, staff.password);
    const other = await makeStaff(database().db, (await makeInstitution(database().db)).institutionId, { roleCode: 'administrator' });
    outsider = await signInAs(app, other.username, other.password);
    headphones = (await post(admin, '/api/v1/fee-types', { code: 'headphones', name: 'Lost headphones', kind: 'manual' })).json();
    hardship = (await post(admin, '/api/v1/waiver-reasons', { code: 'hardship', name: 'Patron hardship' })).json();
    itemId = (await makeInstance(database().db, library, { title: 'The Analytical Engine' })).itemIds[0]!;
  });
  afterAll(async () => {
    await app.close();
    await appWithoutEmail.close();
    await mailbox.close();
  });

  describe('printing', () => {
    it('prints one payment across two fees with each fee’s share and what is still owed', async () => {
      const { batchId } = await patronWhoPaidTwoFees();
      const reply = await admin.request({ method: 'GET', url: `/api/v1/fee-receipts/${batchId}.html` });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.headers['content-type']).toContain('text/html');
      const html = reply.body;
      expect(html).toContain('Payment receipt');
      expect(html).toContain('$5.00');
      expect(html).toContain('The Analytical Engine');
      expect(html).toMatch(/Amount<\/th><td>\$5\.00[\s\S]*Amount<\/th><td>\$5\.00[\s\S]*Balance on this fee<\/th><td>\$3\.00/);
      expect(html).toContain('Total</th><td>$10.00');
      expect(html).toContain('Remaining balance</th><td>$3.00');
      expect(html).toContain('Main Circulation Desk');
      expect(html).toContain('2026-10-05 09:0');
      expect(html).toContain('O’Reilly &lt;Lovelace&gt;');
      expect(html).not.toContain('<Lovelace>');
    });

    it('makes a PDF for the 80 mm printer, or on Letter paper', async () => {
      const { batchId } = await patronWhoPaidTwoFees();
      const roll = await admin.request({ method: 'GET', url: `/api/v1/fee-receipts/${batchId}.pdf` });
      expect(roll.statusCode).toBe(200);
      expect(roll.headers['content-type']).toBe('application/pdf');
      expect(roll.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(roll.rawPayload.toString('latin1')).toContain('MediaBox [0 0 226.77');
      const letter = await admin.request({ method: 'GET', url: `/api/v1/fee-receipts/${batchId}.pdf?paper=letter` });
      expect(letter.rawPayload.toString('latin1')).toContain('MediaBox [0 0 612 792]');
    });

    it('prints a waiver with its reason, by the action’s id', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 700);
      const waived = await post(admin, `/api/v1/fees/${fee}/waive`, { waiverReasonId: hardship.id, amountCents: 200 });
      expect(waived.statusCode, waived.body).toBe(200);
      const reply = await admin.request({ method: 'GET', url: `/api/v1/fee-receipts/${waived.json().action.id}.html` });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.body).toContain('Waiver receipt');
      expect(reply.body).toContain('Waiver reason</th><td>Patron hardship');
      expect(reply.body).toContain('Remaining balance</th><td>$5.00');
    });

    it('prints a refund saying where the money went', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 700);
      await post(admin, `/api/v1/fees/${fee}/pay`, { amountCents: 700, method: 'card' });
      const refunded = await post(admin, `/api/v1/fees/${fee}/refund`, { amountCents: 700, refundTo: 'patron', note: 'item found' });
      expect(refunded.statusCode, refunded.body).toBe(200);
      const reply = await admin.request({ method: 'GET', url: `/api/v1/fee-receipts/${refunded.json().action.id}.html` });
      expect(reply.body).toContain('Refund receipt');
      expect(reply.body).toContain('Refunded to the patron');
    });

    it('does not show another institution’s receipts, nor unknown ones', async () => {
      const { batchId } = await patronWhoPaidTwoFees();
      const reply = await outsider.request({ method: 'GET', url: `/api/v1/fee-receipts/${batchId}.html` });
      expect(reply.statusCode).toBe(404);
      expect(reply.json().error.code).toBe('RECEIPT_NOT_FOUND');
      expect((await outsider.request({ method: 'POST', url: `/api/v1/fee-receipts/${batchId}/email` })).statusCode).toBe(404);
      const unknown = await admin.request({ method: 'GET', url: '/api/v1/fee-receipts/00000000-0000-4000-8000-000000000000.pdf' });
      expect(unknown.statusCode).toBe(404);
      expect((await admin.request({ method: 'GET', url: `/api/v1/fee-receipts/${batchId}.txt` })).statusCode).toBe(400);
    });
  });

  describe('emailing', () => {
    it('emails the receipt as plain text to the patron', async () => {
      const { batchId } = await patronWhoPaidTwoFees();
      const reply = await post(admin, `/api/v1/fee-receipts/${batchId}/email`);
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.json()).toMatchObject({ receiptNumber: batchId, sentTo: 'ada@example.edu' });
      const message = mailbox.mail.at(-1)!;
      expect(message.to).toEqual(['ada@example.edu']);
      expect(message.text).toContain('Subject: Payment receipt');
      expect(message.text).toContain('Total: $10.00');
      expect(message.text).toContain('Remaining balance: $3.00');
    });

    it('says so when the patron has no email address', async () => {
      const patron = await makePatron(database().db, library.institutionId);
      const fee = await charge(patron.id, 300);
      const paid = await post(admin, `/api/v1/fees/${fee}/pay`, { amountCents: 300, method: 'cash' });
      const reply = await post(admin, `/api/v1/fee-receipts/${paid.json().action.id}/email`);
      expect(reply.statusCode).toBe(422);
      expect(reply.json().error.code).toBe('PATRON_HAS_NO_EMAIL');
    });

    it('says so when the server has no email set up', async () => {
      const { batchId } = await patronWhoPaidTwoFees();
      const reply = await post(adminWithoutEmail, `/api/v1/fee-receipts/${batchId}/email`);
      expect(reply.statusCode).toBe(409);
      expect(reply.json().error.code).toBe('EMAIL_NOT_CONFIGURED');
    });
  });
});

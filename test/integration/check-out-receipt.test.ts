import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup } from '../support/factories/circulation.ts';
import { openEveryDay } from '../support/factories/desk.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { startMailbox } from '../support/mailbox.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';

describeOnBothDatabases('the check-out receipt by email', (database) => {
  const clock = fixedClock('2026-10-05T16:00:00Z');
  let app: FastifyInstance;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let library: InstitutionFixture;
  let technician: StaffSession;
  let technicianWithoutEmail: StaffSession;
  let outsider: StaffSession;

  const post = (session: StaffSession, url: string, payload: object) => session.request({ method: 'POST', url, payload });

  async function lend(patronBarcode: string, title: string): Promise<string> {
    const { itemIds } = await makeInstance(database().db, library, { title });
    const barcode = (await database().db.selectFrom('item').select('barcode').where('id', '=', itemIds[0]!).executeTakeFirstOrThrow()).barcode;
    const reply = await post(technician, '/api/v1/circulation/check-out', { patronBarcode, itemBarcode: barcode, servicePointId: library.servicePointId });
    expect(reply.statusCode, reply.body).toBe(201);
    return reply.json().loan.id;
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app } = await buildTestApp(database(), clock, { smtpUrl: mailbox.url }));
    const { app: appWithoutEmail } = await buildTestApp(database(), clock);
    library = await makeInstitution(database().db, { name: 'Willow Valley College', timeZone: 'America/Los_Angeles' });
    await makeCirculationSetup(database().db, library);
    await openEveryDay(database().db, library);
    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'technician' });
    technician = await signInAs(app, staff.username, staff.password);
    technicianWithoutEmail = await signInAs(appWithoutEmail, staff.username, staff.password);
    const other = await makeStaff(database().db, (await makeInstitution(database().db)).institutionId, { roleCode: 'technician' });
    outsider = await signInAs(app, other.username, other.password);
  });

  afterAll(async () => {
    await mailbox.close();
  });

  it('emails the patron every loan of the visit with its due date', async () => {
    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Alexander', preferredFirstName: 'Sasha', lastName: 'Moreno', email: 'sasha@example.edu' });
    const loanIds = [await lend(patron.barcode, 'The Hidden Life of Trees'), await lend(patron.barcode, 'Braiding Sweetgrass')];
    const reply = await post(technician, '/api/v1/circulation/check-out-receipts/email', { patronId: patron.id, loanIds, servicePointId: library.servicePointId });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ sentTo: 'sasha@example.edu', loanCount: 2 });
    const message = mailbox.mail.at(-1)!;
    expect(message.to).toEqual(['sasha@example.edu']);
    expect(message.subject).toBe('Your loans from Willow Valley College');
    expect(message.text).toContain('Items checked out to Sasha Moreno');
    expect(message.text).toContain('The Hidden Life of Trees');
    expect(message.text).toContain('Braiding Sweetgrass');
    // Three weeks from a Monday afternoon in California: due at the end of Monday 26 October.
    expect(message.text).toContain('Due back Monday 26 October 2026');
    expect(message.text).toContain('2 items checked out.');
  });

  it('says why it cannot send: no address, a loan of someone else, no mail server, another institution', async () => {
    const withoutEmail = await makePatron(database().db, library.institutionId, { email: null });
    const other = await makePatron(database().db, library.institutionId, { email: 'other@example.edu' });
    const theirLoan = await lend(withoutEmail.barcode, 'An Old Almanac');

    const noAddress = await post(technician, '/api/v1/circulation/check-out-receipts/email', { patronId: withoutEmail.id, loanIds: [theirLoan] });
    expect(noAddress.statusCode).toBe(422);
    expect(noAddress.json().error.code).toBe('PATRON_HAS_NO_EMAIL');

    const notTheirs = await post(technician, '/api/v1/circulation/check-out-receipts/email', { patronId: other.id, loanIds: [theirLoan] });
    expect(notTheirs.statusCode).toBe(404);
    expect(notTheirs.json().error.code).toBe('LOAN_NOT_FOUND');

    const noServer = await post(technicianWithoutEmail, '/api/v1/circulation/check-out-receipts/email', { patronId: other.id, loanIds: [theirLoan] });
    expect(noServer.statusCode).toBe(409);
    expect(noServer.json().error.code).toBe('EMAIL_NOT_CONFIGURED');

    const elsewhere = await post(outsider, '/api/v1/circulation/check-out-receipts/email', { patronId: other.id, loanIds: [theirLoan] });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe('PATRON_NOT_FOUND');
  });
});

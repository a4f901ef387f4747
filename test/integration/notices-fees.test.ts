import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runAgedToLost } from '../../src/modules/circulation/aged-to-lost.job.ts';
import { payFees } from '../../src/modules/fees/fee-payment.service.ts';
import { runNotices } from '../../src/modules/notices/notices.service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { NoticeTrigger } from '../../src/modules/notices/notice-delivery.trigger.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import type { CirculationSetup } from '../support/factories/circulation.ts';
import { feeStaffWithRole } from '../support/factories/fee-ledger.ts';
import { chargeFeeAt } from '../support/factories/fees-desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { afterDeliveryPass, deadSmtpUrl, mailTo, makeNoticeDesk, makeOpenLoan, readableText } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs, type StaffSession } from '../support/http.ts';
import { startMailbox, type Mailbox } from '../support/mailbox.ts';
import { testServiceContext } from '../support/service-context.ts';

describeOnBothDatabases('fee, lost item and account notices', (database) => {
  // Monday 5 October 2026, 10:00 in Los Angeles
  const clock = fixedClock('2026-10-05T17:00:00Z');
  let mailbox: Mailbox;
  let app: FastifyInstance;
  let noticeTrigger: NoticeTrigger;
  let library: InstitutionFixture;
  let setup: CirculationSetup;
  let supervisor: StaffSession;
  let signIn: () => Promise<StaffSession>;
  const db = () => database().db;
  const run = () => runNotices(db(), clock, library.institutionId, { smtpUrl: mailbox.url });
  const textsTo = (address: string) => mailTo(mailbox, address).map(readableText);

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app, noticeTrigger, library, setup, supervisor, signIn } = await makeNoticeDesk(database(), clock, mailbox.url, {
      noticePolicy: {
        notices: [
          { kind: 'fee-charged', feeTypeKinds: ['manual'] },
          { kind: 'fee-receipt' },
          { kind: 'aged-to-lost' },
          { kind: 'account-expiring', offset: { amount: 14, unit: 'days' } },
        ],
      },
      lostItemPolicy: { agedToLostAfter: { amount: 10, unit: 'days' }, chargeReplacementCost: false, defaultReplacementCents: 4500, processingFeeCents: 1000 },
    }));
  });
  afterAll(async () => {
    await app.close();
    await mailbox.close();
  });

  it('lists a patron’s new charges in one email, only the kinds the policy names, and never twice', async () => {
    const patron = await makePatron(db(), library.institutionId, { firstName: 'Nell', lastName: 'Trent', email: 'nell@example.edu' });
    const now = clock.now().toISOString();
    await chargeFeeAt(db(), library.institutionId, patron.id, now, 200, { kind: 'manual', description: 'Printing' });
    await chargeFeeAt(db(), library.institutionId, patron.id, now, 300, { kind: 'manual', description: 'Headphones' });
    await chargeFeeAt(db(), library.institutionId, patron.id, now, 50);
    await run();
    await run();
    const texts = textsTo('nell@example.edu');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('$2.00');
    expect(texts[0]).toContain('Headphones');
    expect(texts[0]).toContain('Total: $5.00. You now owe $5.50.');
  });

  it('emails a receipt with the balance left right after a payment, and not again when staff emailed it by hand', async () => {
    supervisor = await signIn();
    const patron = await makePatron(db(), library.institutionId, { firstName: 'Kit', lastName: 'Nubbles', email: 'kit@example.edu' });
    await chargeFeeAt(db(), library.institutionId, patron.id, clock.now().toISOString(), 1000, { kind: 'overdue-fine' });
    const paid = await supervisor.request({ method: 'POST', url: `/api/v1/patrons/${patron.id}/fees/pay`, payload: { amountCents: 400, method: 'cash' } });
    expect(paid.statusCode, paid.body).toBe(200);
    await afterDeliveryPass(noticeTrigger);
    const receipts = () => mailTo(mailbox, 'kit@example.edu').filter((mail) => mail.subject.startsWith('Payment receipt'));
    expect(receipts()).toHaveLength(1);
    expect(readableText(receipts()[0]!)).toContain('Total: $4.00 (Cash)');
    expect(readableText(receipts()[0]!)).toContain('You now owe $6.00.');

    const byHand = await payFees(testServiceContext(db(), clock), feeStaffWithRole(library.institutionId, 'supervisor'), patron.id, { amountCents: 100, method: 'card' });
    const emailed = await supervisor.request({ method: 'POST', url: `/api/v1/fee-receipts/${byHand.batchId}/email` });
    expect(emailed.statusCode, emailed.body).toBe(200);
    await run();
    await run();
    expect(receipts()).toHaveLength(2);
  });

  it('keeps the payment when the mail server is down, records the failure and sends the receipt later', async () => {
    const patron = await makePatron(db(), library.institutionId, { firstName: 'Dick', lastName: 'Swiveller', email: 'dick@example.edu' });
    const feeId = await chargeFeeAt(db(), library.institutionId, patron.id, clock.now().toISOString(), 800, { kind: 'overdue-fine' });
    const { app: downApp, noticeTrigger: downNotices } = await buildTestApp(database(), clock, { smtpUrl: await deadSmtpUrl() });
    try {
      const account = await makeStaff(db(), library.institutionId, { roleCode: 'supervisor' });
      const session = await signInAs(downApp, account.username, account.password);
      const paid = await session.request({ method: 'POST', url: `/api/v1/fees/${feeId}/pay`, payload: { amountCents: 800, method: 'card' } });
      expect(paid.statusCode, paid.body).toBeLessThan(300);
      await afterDeliveryPass(downNotices);
    } finally {
      await downApp.close();
    }
    const fee = await db().selectFrom('fee').select('status').where('id', '=', feeId).executeTakeFirstOrThrow();
    expect(fee.status).toBe('closed');
    const failed = await db().selectFrom('notice_delivery').selectAll().where('patron_id', '=', patron.id).where('kind', '=', 'fee-receipt').executeTakeFirstOrThrow();
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);

    clock.advance(16 * 60_000);
    await run();
    expect(mailTo(mailbox, 'dick@example.edu').filter((mail) => mail.subject.startsWith('Payment receipt'))).toHaveLength(1);
    clock.advance(-16 * 60_000);
  });

  it('tells the patron once when a long-overdue item is aged to lost, with the fees charged', async () => {
    const patron = await makePatron(db(), library.institutionId, { firstName: 'Daniel', lastName: 'Quilp', email: 'quilp@example.edu' });
    const { itemIds } = await makeInstance(db(), library, { title: 'The Old Curiosity Shop' });
    await makeOpenLoan(db(), library, setup, { itemId: itemIds[0]!, patronId: patron.id, loanedAt: '2026-08-20T17:00:00Z', dueAt: '2026-09-10T06:59:59Z' });
    await runAgedToLost(db(), clock, library.institutionId);
    await run();
    await run();
    const texts = textsTo('quilp@example.edu');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('The Old Curiosity Shop');
    expect(texts[0]).toContain('replacement $45.00, processing $10.00');
  });

  it('warns a patron fourteen days before the account expires, once', async () => {
    await makePatron(db(), library.institutionId, { firstName: 'Little', lastName: 'Nell', email: 'little.nell@example.edu', expiresOn: '2026-11-10' });
    clock.set('2026-10-26T15:00:00Z');
    await run();
    expect(mailTo(mailbox, 'little.nell@example.edu')).toHaveLength(0);
    clock.set('2026-10-27T15:00:00Z');
    await run();
    clock.set('2026-11-02T15:00:00Z');
    await run();
    const texts = textsTo('little.nell@example.edu');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('expires on 2026-11-10');
  });
});

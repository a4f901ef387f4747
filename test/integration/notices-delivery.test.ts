import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runNotices } from '../../src/modules/notices/notices.service.ts';
import { newId } from '../../src/platform/ids.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { NoticeTrigger } from '../../src/modules/notices/notice-delivery.trigger.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { afterDeliveryPass, deadSmtpUrl, mailTo, makeNoticeDesk, readableText } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest } from '../support/factories/requests.ts';
import type { StaffSession } from '../support/http.ts';
import { startMailbox, type Mailbox } from '../support/mailbox.ts';

describeOnBothDatabases('notice delivery when things go wrong', (database) => {
  const clock = fixedClock('2026-12-01T17:00:00Z');
  let mailbox: Mailbox;
  let app: FastifyInstance;
  let noticeTrigger: NoticeTrigger;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    mailbox = await startMailbox();
    // the desk's app cannot reach its mail server; the morning job (below) can
    ({ app, noticeTrigger, library, supervisor } = await makeNoticeDesk(database(), clock, await deadSmtpUrl(), { noticePolicy: { notices: [{ kind: 'hold-available' }] } }));
  });
  afterAll(async () => {
    await app.close();
    await mailbox.close();
  });

  it('checks the item in to the hold shelf even when the hold notice cannot be sent, and sends it on a later pass', async () => {
    const borrower = await makePatron(db(), library.institutionId);
    const holder = await makePatron(db(), library.institutionId, { firstName: 'Pip', lastName: 'Pirrip', email: 'pip@example.edu' });
    const book = await makeInstance(db(), library, { title: 'Great Expectations' });
    expect((await checkOutVia(supervisor, { patronBarcode: borrower.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).statusCode).toBe(201);
    await placedRequest(supervisor, { type: 'hold', patronBarcode: holder.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    const checkedIn = await checkInVia(supervisor, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    await afterDeliveryPass(noticeTrigger);
    const item = await db().selectFrom('item').select('status').where('barcode', '=', book.barcodes[0]!).executeTakeFirstOrThrow();
    expect(item.status).toBe('awaiting-pickup');
    const failed = await db().selectFrom('notice_delivery').selectAll().where('patron_id', '=', holder.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ kind: 'hold-available', status: 'failed' });

    clock.advance(15 * 60_000);
    await runNotices(db(), clock, library.institutionId, { smtpUrl: mailbox.url });
    await runNotices(db(), clock, library.institutionId, { smtpUrl: mailbox.url });
    expect(mailTo(mailbox, 'pip@example.edu')).toHaveLength(1);
  });

  it('writes and sends a notice whose pass died after recording it, once its lease runs out, and only once', async () => {
    const patron = await makePatron(db(), library.institutionId, { firstName: 'Joe', lastName: 'Gargery', email: 'joe@example.edu' });
    const recordedAt = clock.now();
    // what a pass leaves when it dies between recording the event and writing the email
    await db()
      .insertInto('notice_delivery')
      .values({
        id: newId(), institution_id: library.institutionId, patron_id: patron.id, loan_id: null, kind: 'account-expiring', event_key: `account-expiring:${patron.id}:2027-01-31`,
        batch_id: newId(), status: 'queued', next_attempt_at: new Date(recordedAt.getTime() + 60 * 60_000).toISOString(), created_at: recordedAt.toISOString(),
        facts: JSON.stringify({ templateCode: null, libraryName: null, item: {}, top: { account: { expiresOn: '2027-01-31' } } }),
      })
      .execute();
    clock.advance(30 * 60_000);
    await runNotices(db(), clock, library.institutionId, { smtpUrl: mailbox.url });
    expect(mailTo(mailbox, 'joe@example.edu')).toHaveLength(0);
    clock.advance(31 * 60_000);
    const [one, other] = await Promise.all([
      runNotices(db(), clock, library.institutionId, { smtpUrl: mailbox.url }),
      runNotices(db(), clock, library.institutionId, { smtpUrl: mailbox.url }),
    ]);
    expect(one.sent + other.sent).toBe(1);
    const mails = mailTo(mailbox, 'joe@example.edu');
    expect(mails).toHaveLength(1);
    expect(readableText(mails[0]!)).toContain('expires on 2027-01-31');
  });
});

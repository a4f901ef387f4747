import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { NoticeTrigger } from '../../src/modules/notices/notice-delivery.trigger.ts';
import { sipDateTime } from '../../src/modules/sip/sip-dates.ts';
import type { SipServer } from '../../src/modules/sip/sip-server.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkOutVia } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { afterDeliveryPass, mailTo, makeNoticeDesk, readableText } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest } from '../support/factories/requests.ts';
import { makeSipAccount, startTestSipServer } from '../support/factories/sip.ts';
import type { StaffSession } from '../support/http.ts';
import { startMailbox, type Mailbox } from '../support/mailbox.ts';
import { connectSip } from '../support/sip-client.ts';

describeOnBothDatabases('notices after a self-check kiosk’s change', (database) => {
  // Thursday 3 December 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-12-03T17:00:00Z');
  let mailbox: Mailbox;
  let app: FastifyInstance;
  let deskNotices: NoticeTrigger;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  let sip: SipServer;
  const db = () => database().db;
  const now = () => sipDateTime(clock.now(), 'America/Los_Angeles');

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app, noticeTrigger: deskNotices, library, supervisor } = await makeNoticeDesk(database(), clock, mailbox.url, {
      noticePolicy: { notices: [{ kind: 'hold-available' }] },
    }));
    sip = await startTestSipServer(db(), { clock, smtpUrl: mailbox.url });
  });
  afterAll(async () => {
    await sip?.close();
    await app?.close();
    await mailbox?.close();
  });

  it('emails the patron that a hold is ready as soon as the book is returned at the kiosk onto the hold shelf', async () => {
    const borrower = await makePatron(db(), library.institutionId);
    const holder = await makePatron(db(), library.institutionId, { firstName: 'Jane', lastName: 'Eyre', email: 'jane@example.edu' });
    const book = await makeInstance(db(), library, { title: 'Villette' });
    const barcode = book.barcodes[0]!;
    expect((await checkOutVia(supervisor, { patronBarcode: borrower.barcode, itemBarcode: barcode, servicePointId: library.servicePointId })).statusCode).toBe(201);
    await placedRequest(supervisor, { type: 'hold', patronBarcode: holder.barcode, itemBarcode: barcode, pickupServicePointId: library.servicePointId });
    await afterDeliveryPass(deskNotices);
    expect(mailTo(mailbox, 'jane@example.edu')).toEqual([]);

    const account = await makeSipAccount(db(), library);
    const kiosk = await connectSip(sip.port);
    try {
      expect(await kiosk.send(`9300CN${account.username}|CO${account.password}|CPCIRC|`)).toBe('941');
      const returned = await kiosk.send(`09N${now()}${now()}AP|AO${library.code}|AB${barcode}|AC|`);
      expect(returned.slice(0, 3)).toBe('101');
    } finally {
      await kiosk.close();
    }
    await sip.noticeTrigger.idle();

    const item = await db().selectFrom('item').select('status').where('barcode', '=', barcode).executeTakeFirstOrThrow();
    expect(item.status).toBe('awaiting-pickup');
    const mails = mailTo(mailbox, 'jane@example.edu');
    expect(mails.map((mail) => mail.subject)).toEqual(['Main Library: your requested items are ready']);
    expect(readableText(mails[0]!)).toContain('Villette');
  });
});

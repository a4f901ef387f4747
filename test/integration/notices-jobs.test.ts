import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runNamedJob } from '../../src/jobs/job-catalog.ts';
import type { NoticeTrigger } from '../../src/modules/notices/index.ts';
import { createNodeContext } from '../../src/node-context.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { DomainEventBus } from '../../src/platform/domain-events.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { afterDeliveryPass, mailTo, makeNoticeDesk, readableText } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest } from '../support/factories/requests.ts';
import type { StaffSession } from '../support/http.ts';
import { startMailbox, type Mailbox } from '../support/mailbox.ts';

describeOnBothDatabases('notices after a daily job’s change', (database) => {
  // Tuesday 1 December 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-12-01T17:00:00Z');
  let mailbox: Mailbox;
  let app: FastifyInstance;
  let noticeTrigger: NoticeTrigger;
  let events: DomainEventBus;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  const db = () => database().db;

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app, noticeTrigger, events, library, supervisor } = await makeNoticeDesk(database(), clock, mailbox.url, {
      noticePolicy: { notices: [{ kind: 'hold-available' }, { kind: 'request-cancelled' }] },
    }));
  });
  afterAll(async () => {
    await app.close();
    await mailbox.close();
  });

  it('emails the patron as soon as the hold shelf job takes an uncollected hold off the shelf, not at the next notices run', async () => {
    const borrower = await makePatron(db(), library.institutionId);
    const holder = await makePatron(db(), library.institutionId, { firstName: 'Catherine', lastName: 'Morland', email: 'catherine@example.edu' });
    const book = await makeInstance(db(), library, { title: 'Northanger Abbey' });
    expect((await checkOutVia(supervisor, { patronBarcode: borrower.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).statusCode).toBe(201);
    await placedRequest(supervisor, { type: 'hold', patronBarcode: holder.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    expect((await checkInVia(supervisor, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).statusCode).toBe(200);
    await afterDeliveryPass(noticeTrigger);
    expect(mailTo(mailbox, 'catherine@example.edu').map((mail) => mail.subject)).toEqual(['Main Library: your requested items are ready']);

    // Wednesday 9 December, 06:30 in Los Angeles: the hold waited on the shelf until the 8th
    clock.set('2026-12-09T14:30:00Z');
    const run = await runNamedJob('hold-shelf-expiry', createNodeContext(db(), clock, events), library.institutionId, { dataDir: '/nonexistent', smtpUrl: mailbox.url });
    expect(run.summary).toContain('1 hold(s) expired on the hold shelf');
    await afterDeliveryPass(noticeTrigger);
    const closed = mailTo(mailbox, 'catherine@example.edu').slice(1);
    expect(closed.map((mail) => mail.subject)).toEqual(['Main Library: request cancelled']);
    expect(readableText(closed[0]!)).toContain('not collected from the hold shelf in time');
  });
});

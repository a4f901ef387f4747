import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runNotices } from '../../src/modules/notices/notices.service.ts';
import { runHoldShelfExpiry } from '../../src/modules/requests/hold-shelf.service.ts';
import { testServiceContext } from '../support/service-context.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { NoticeTrigger } from '../../src/modules/notices/notice-delivery.trigger.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { checkInVia, checkOutVia } from '../support/factories/desk.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { afterDeliveryPass, mailTo, makeNoticeDesk, readableText } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { placedRequest } from '../support/factories/requests.ts';
import type { StaffSession } from '../support/http.ts';
import { startMailbox, type Mailbox } from '../support/mailbox.ts';

describeOnBothDatabases('hold and request notices', (database) => {
  // Tuesday 1 December 2026, 09:00 in Los Angeles
  const clock = fixedClock('2026-12-01T17:00:00Z');
  let mailbox: Mailbox;
  let app: FastifyInstance;
  let noticeTrigger: NoticeTrigger;
  let library: InstitutionFixture;
  let supervisor: StaffSession;
  let signIn: () => Promise<StaffSession>;
  const db = () => database().db;
  const run = () => runNotices(db(), clock, library.institutionId, { smtpUrl: mailbox.url });

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app, noticeTrigger, library, supervisor, signIn } = await makeNoticeDesk(database(), clock, mailbox.url, {
      noticePolicy: { notices: [{ kind: 'hold-available' }, { kind: 'hold-expiring', offset: { amount: 1, unit: 'days' } }, { kind: 'request-cancelled' }] },
    }));
  });
  afterAll(async () => {
    await app.close();
    await mailbox.close();
  });

  async function lentBook(title: string) {
    const borrower = await makePatron(db(), library.institutionId);
    const book = await makeInstance(db(), library, { title });
    const reply = await checkOutVia(supervisor, { patronBarcode: borrower.barcode, itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    expect(reply.statusCode, reply.body).toBe(201);
    return book;
  }

  it('tells the patron once when a hold is ready, the day before it expires, and when it expired uncollected', async () => {
    clock.set('2026-12-01T17:00:00Z');
    supervisor = await signIn();
    const book = await lentBook('Bleak House');
    const holder = await makePatron(db(), library.institutionId, { firstName: 'Esther', lastName: 'Summerson', email: 'esther@example.edu' });
    await placedRequest(supervisor, { type: 'hold', patronBarcode: holder.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    expect((await checkInVia(supervisor, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId })).statusCode).toBe(200);
    await afterDeliveryPass(noticeTrigger);

    const ready = mailTo(mailbox, 'esther@example.edu');
    expect(ready.map((mail) => mail.subject)).toEqual(['Main Library: your requested items are ready']);
    expect(readableText(ready[0]!)).toContain('Bleak House');
    expect(readableText(ready[0]!)).toContain('at Main Circulation Desk until 2026-12-08 20:00');
    expect(readableText(ready[0]!)).toContain('Tue 1 Dec: 08:00–20:00');
    await run();
    await run();
    expect(mailTo(mailbox, 'esther@example.edu')).toHaveLength(1);

    clock.set('2026-12-07T15:00:00Z');
    expect((await run()).sent).toBe(0);
    clock.set('2026-12-08T15:00:00Z');
    await run();
    await run();
    expect(mailTo(mailbox, 'esther@example.edu').map((mail) => mail.subject).slice(1)).toEqual(['Main Library: last days to collect your requested items']);

    clock.set('2026-12-09T14:00:00Z');
    await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId);
    await run();
    await run();
    const closed = mailTo(mailbox, 'esther@example.edu').slice(2);
    expect(closed.map((mail) => mail.subject)).toEqual(['Main Library: request cancelled']);
    expect(readableText(closed[0]!)).toContain('not collected from the hold shelf in time');
  });

  it('sends the cancellation with the staff member’s reason right after the cancel', async () => {
    clock.set('2026-12-10T17:00:00Z');
    supervisor = await signIn();
    const book = await lentBook('Little Dorrit');
    const holder = await makePatron(db(), library.institutionId, { firstName: 'Amy', lastName: 'Dorrit', email: 'amy@example.edu' });
    const request = await placedRequest(supervisor, { type: 'hold', patronBarcode: holder.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    const reply = await supervisor.request({ method: 'POST', url: `/api/v1/requests/${request.id}/cancel`, payload: { reason: 'Patron asked by phone' } });
    expect(reply.statusCode, reply.body).toBe(200);
    await afterDeliveryPass(noticeTrigger);
    const mails = mailTo(mailbox, 'amy@example.edu');
    expect(mails).toHaveLength(1);
    expect(readableText(mails[0]!)).toContain('Cancelled: Patron asked by phone');
    await run();
    expect(mailTo(mailbox, 'amy@example.edu')).toHaveLength(1);
  });

  it('tells the patron when a hold closes because it passed its "not needed after" date', async () => {
    clock.set('2026-12-11T17:00:00Z');
    supervisor = await signIn();
    const book = await lentBook('Our Mutual Friend');
    const holder = await makePatron(db(), library.institutionId, { firstName: 'Bella', lastName: 'Wilfer', email: 'bella@example.edu' });
    await placedRequest(supervisor, { type: 'hold', patronBarcode: holder.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId, notNeededAfter: '2026-12-14' });
    // The desk's own notice pass (started by placing the request) must finish before the clock jumps four days.
    await afterDeliveryPass(noticeTrigger);
    clock.set('2026-12-15T14:30:00Z');
    expect((await runHoldShelfExpiry(testServiceContext(db(), clock), library.institutionId)).unneeded).toHaveLength(1);
    await run();
    await run();
    const mails = mailTo(mailbox, 'bella@example.edu');
    expect(mails.map((mail) => mail.subject)).toEqual(['Main Library: request cancelled']);
    expect(readableText(mails[0]!)).toContain('reached the date you said you no longer needed it by');
  });

  it('writes in the patron’s language when the library has that template, and in English otherwise', async () => {
    clock.set('2026-12-12T17:00:00Z');
    supervisor = await signIn();
    const saved = await supervisor.request({
      method: 'PUT',
      url: '/api/v1/notice-templates/hold-available/es',
      payload: { subject: '{{library.name}}: sus documentos están listos', body: 'Estimado/a {{patron.name}}:\n{{#items}}- {{title}} en {{pickupLocation}} hasta {{pickupDeadline}}\n{{/items}}' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const books = [await lentBook('Don Quijote'), await lentBook('La Regenta')];
    const lucia = await makePatron(db(), library.institutionId, { firstName: 'Lucía', lastName: 'Pérez', email: 'lucia@example.edu' });
    const patched = await supervisor.request({ method: 'PATCH', url: `/api/v1/patrons/${lucia.id}`, payload: { preferredLanguage: 'es' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ preferredLanguage: 'es' });
    for (const book of books) await placedRequest(supervisor, { type: 'hold', patronBarcode: lucia.barcode, itemBarcode: book.barcodes[0], pickupServicePointId: library.servicePointId });
    const third = await lentBook('Niebla');
    const request = await placedRequest(supervisor, { type: 'hold', patronBarcode: lucia.barcode, itemBarcode: third.barcodes[0], pickupServicePointId: library.servicePointId });
    // both copies come back before the next delivery pass: one email lists both
    for (const book of books) await checkInVia(supervisor, { itemBarcode: book.barcodes[0], servicePointId: library.servicePointId });
    await afterDeliveryPass(noticeTrigger);
    await supervisor.request({ method: 'POST', url: `/api/v1/requests/${request.id}/cancel`, payload: { reason: 'Ya no lo necesita' } });
    await afterDeliveryPass(noticeTrigger);
    await run();

    const mails = mailTo(mailbox, 'lucia@example.edu');
    const spanish = mails.filter((mail) => readableText(mail).includes('Estimado/a'));
    expect(spanish.length).toBeGreaterThanOrEqual(1);
    const listed = spanish.map(readableText).join('\n');
    expect(listed).toContain('Don Quijote');
    expect(listed).toContain('La Regenta');
    const english = mails.filter((mail) => mail.subject === 'Main Library: request cancelled');
    expect(english).toHaveLength(1);
    expect(readableText(english[0]!)).toContain('Ya no lo necesita');
  });
});

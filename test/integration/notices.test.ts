import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { runNotices } from '../../src/modules/notices/notices.service.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import { startMailbox } from '../support/mailbox.ts';
import { makeInstance } from '../support/factories/catalog.ts';
import { makeCirculationSetup, type CirculationSetup } from '../support/factories/circulation.ts';
import { makeInstitution, type InstitutionFixture } from '../support/factories/institution.ts';
import { makeOpenLoan } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { buildTestApp, signInAs } from '../support/http.ts';

/** An SMTP URL nobody answers on. */
async function deadSmtpUrl(): Promise<string> {
  const box = await startMailbox();
  await box.close();
  return box.url;
}

const day = 24 * 60 * 60 * 1000;
/** 07:00 in Los Angeles (the test institution's zone) in October, when the daily job runs. */
const morningOf = (date: string) => `${date}T14:00:00Z`;

describeOnBothDatabases('loan notices', (database) => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let app: FastifyInstance;

  /** A library whose loans get a courtesy notice two days before due and overdue notices every seven days, up to two repeats. */
  async function libraryWithNotices(): Promise<{ library: InstitutionFixture; setup: CirculationSetup }> {
    const library = await makeInstitution(database().db);
    const setup = await makeCirculationSetup(database().db, library, {
      noticePolicy: {
        notices: [
          { kind: 'courtesy', offset: { amount: 2, unit: 'days' } },
          { kind: 'overdue', repeatEvery: { amount: 7, unit: 'days' }, maxRepeats: 2 },
          { kind: 'recall' },
        ],
      },
    });
    return { library, setup };
  }

  async function itemTitled(library: InstitutionFixture, title: string): Promise<string> {
    return (await makeInstance(database().db, library, { title })).itemIds[0]!;
  }

  const mailTo = (address: string) => mailbox.mail.filter((mail) => mail.to.includes(address));

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app } = await buildTestApp(database(), fixedClock('2026-10-01T17:00:00Z'), { smtpUrl: mailbox.url }));
  });
  afterAll(async () => {
    await app.close();
    await mailbox.close();
  });

  it('sends the right notices on the right days over a loan’s life, and staff see them in the patron’s history', async () => {
    const { library, setup } = await libraryWithNotices();
    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.edu' });
    // 21 days from 1 October, due at the end of 21 October, Los Angeles time
    await makeOpenLoan(database().db, library, setup, { itemId: await itemTitled(library, 'Sketch of the Analytical Engine'), patronId: patron.id, loanedAt: '2026-10-01T17:00:00Z', dueAt: '2026-10-22T06:59:59Z' });

    const clock = fixedClock(morningOf('2026-10-02'));
    const arrivals: string[] = [];
    for (let morning = 0; morning < 45; morning += 1) {
      const before = mailTo('ada@example.edu').length;
      await runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url });
      for (const mail of mailTo('ada@example.edu').slice(before)) arrivals.push(`${clock.now().toISOString().slice(0, 10)} ${mail.subject}`);
      clock.advance(day);
    }
    expect(arrivals).toEqual([
      '2026-10-20 Main Library: items due soon',
      '2026-10-22 Main Library: overdue items',
      '2026-10-29 Main Library: overdue items',
      '2026-11-05 Main Library: overdue items',
    ]);
    const courtesy = mailTo('ada@example.edu')[0]!.text;
    expect(courtesy).toContain('Dear Ada Lovelace');
    expect(courtesy).toContain('Sketch of the Analytical Engine');
    expect(courtesy).toContain('due 2026-10-21 23:59');

    const staff = await makeStaff(database().db, library.institutionId, { roleCode: 'administrator' });
    const session = await signInAs(app, staff.username, staff.password);
    const reply = await session.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}/notices` });
    expect(reply.statusCode, reply.body).toBe(200);
    const history = reply.json();
    expect(history.total).toBe(4);
    expect(history.items.map((notice: { kind: string }) => notice.kind)).toEqual(['overdue', 'overdue', 'overdue', 'courtesy']);
    expect(history.items.every((notice: { status: string; recipient: string }) => notice.status === 'sent' && notice.recipient === 'ada@example.edu')).toBe(true);

    const other = await makeStaff(database().db, (await makeInstitution(database().db)).institutionId, { roleCode: 'administrator' });
    const outsider = await signInAs(app, other.username, other.password);
    const outsiderReply = await outsider.request({ method: 'GET', url: `/api/v1/patrons/${patron.id}/notices` });
    expect(outsiderReply.statusCode).toBe(404);
    expect(outsiderReply.json().error.code).toBe('PATRON_NOT_FOUND');
  });

  it('keeps sending an overdue notice every week while the loan stays overdue when "Most repeats" is left blank', async () => {
    const library = await makeInstitution(database().db);
    const setup = await makeCirculationSetup(database().db, library, {
      noticePolicy: { notices: [{ kind: 'overdue', repeatEvery: { amount: 7, unit: 'days' }, maxRepeats: null }] },
    });
    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Edsger', lastName: 'Dijkstra', email: 'edsger@example.edu' });
    await makeOpenLoan(database().db, library, setup, { itemId: await itemTitled(library, 'A Discipline of Programming'), patronId: patron.id, loanedAt: '2026-10-01T17:00:00Z', dueAt: '2026-10-22T06:59:59Z' });

    const clock = fixedClock(morningOf('2026-10-20'));
    const arrivals: string[] = [];
    for (let morning = 0; morning < 35; morning += 1) {
      const before = mailTo('edsger@example.edu').length;
      await runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url });
      for (const mail of mailTo('edsger@example.edu').slice(before)) arrivals.push(`${clock.now().toISOString().slice(0, 10)} ${mail.subject}`);
      clock.advance(day);
    }
    expect(arrivals).toEqual([
      '2026-10-22 Main Library: overdue items',
      '2026-10-29 Main Library: overdue items',
      '2026-11-05 Main Library: overdue items',
      '2026-11-12 Main Library: overdue items',
      '2026-11-19 Main Library: overdue items',
    ]);
  });

  it('lists two overdue items of one patron in one email, and sends nothing twice when the job runs twice', async () => {
    const { library, setup } = await libraryWithNotices();
    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.edu' });
    for (const title of ['Compilers', 'Flow-Matic Manual']) {
      await makeOpenLoan(database().db, library, setup, { itemId: await itemTitled(library, title), patronId: patron.id, loanedAt: '2026-10-01T17:00:00Z', dueAt: '2026-10-22T06:59:59Z' });
    }
    const clock = fixedClock(morningOf('2026-10-23'));
    const first = await runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url });
    expect(first).toMatchObject({ sent: 1, deliveries: 2 });
    const [again, alongside] = await Promise.all([
      runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url }),
      runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url }),
    ]);
    expect(again.sent + alongside.sent).toBe(0);
    const mails = mailTo('grace@example.edu');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Compilers');
    expect(mails[0]!.text).toContain('Flow-Matic Manual');
  });

  it('records a failed send with its reason and retries it after the back-off', async () => {
    const { library, setup } = await libraryWithNotices();
    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.edu' });
    await makeOpenLoan(database().db, library, setup, { itemId: await itemTitled(library, 'On Computable Numbers'), patronId: patron.id, loanedAt: '2026-10-01T17:00:00Z', dueAt: '2026-10-22T06:59:59Z' });
    const clock = fixedClock(morningOf('2026-10-23'));
    const down = await runNotices(database().db, clock, library.institutionId, { smtpUrl: await deadSmtpUrl() });
    expect(down).toMatchObject({ sent: 0, failed: 1 });
    const failed = await database().db.selectFrom('notice_delivery').selectAll().where('patron_id', '=', patron.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', recipient: 'alan@example.edu' });
    expect(Number(failed.attempts)).toBe(1);
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(failed.next_attempt_at!).getTime()).toBe(clock.now().getTime() + 15 * 60_000);

    clock.advance(5 * 60_000);
    expect((await runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url })).sent).toBe(0);
    clock.advance(10 * 60_000);
    expect((await runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url })).sent).toBe(1);
    expect(mailTo('alan@example.edu')).toHaveLength(1);
    const sent = await database().db.selectFrom('notice_delivery').selectAll().where('patron_id', '=', patron.id).executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', last_error: null, next_attempt_at: null });
    expect(Number(sent.attempts)).toBe(2);
  });

  it('keeps notices queued with the reason while email is not set up, and sends them once it is', async () => {
    const { library, setup } = await libraryWithNotices();
    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@example.edu' });
    await makeOpenLoan(database().db, library, setup, { itemId: await itemTitled(library, 'Orbital Mechanics'), patronId: patron.id, loanedAt: '2026-10-01T17:00:00Z', dueAt: '2026-10-22T06:59:59Z', recalledAt: '2026-10-10T16:00:00Z' });
    const clock = fixedClock(morningOf('2026-10-11'));
    expect(await runNotices(database().db, clock, library.institutionId, {})).toMatchObject({ queued: 1, sent: 0 });
    const queued = await database().db.selectFrom('notice_delivery').selectAll().where('patron_id', '=', patron.id).executeTakeFirstOrThrow();
    expect(queued).toMatchObject({ status: 'queued', kind: 'recall' });
    expect(queued.last_error).toContain('SMTP_URL');
    clock.advance(day);
    expect((await runNotices(database().db, clock, library.institutionId, { smtpUrl: mailbox.url })).sent).toBe(1);
    const mails = mailTo('katherine@example.edu');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Main Library: items recalled');
  });
});

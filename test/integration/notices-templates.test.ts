import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../src/platform/clock.ts';
import { describeOnBothDatabases } from '../support/databases.ts';
import type { InstitutionFixture } from '../support/factories/institution.ts';
import { makeNoticeDesk } from '../support/factories/notices.ts';
import { makePatron } from '../support/factories/patrons.ts';
import { makeStaff } from '../support/factories/staff.ts';
import { signInAs, type StaffSession } from '../support/http.ts';
import { startMailbox, type Mailbox } from '../support/mailbox.ts';

describeOnBothDatabases('notice templates', (database) => {
  const clock = fixedClock('2026-10-05T17:00:00Z');
  let mailbox: Mailbox;
  let app: FastifyInstance;
  let library: InstitutionFixture;
  let supervisor: StaffSession;

  beforeAll(async () => {
    mailbox = await startMailbox();
    ({ app, library, supervisor } = await makeNoticeDesk(database(), clock, mailbox.url));
  });
  afterAll(async () => {
    await app.close();
    await mailbox.close();
  });

  const put = (kind: string, language: string, payload: object) => supervisor.request({ method: 'PUT', url: `/api/v1/notice-templates/${kind}/${language}`, payload });

  it('lists the built-in templates with the fields each kind allows, and refuses fields a notice cannot show', async () => {
    const list = await supervisor.request({ method: 'GET', url: '/api/v1/notice-templates' });
    expect(list.statusCode).toBe(200);
    const holdAvailable = list.json().items.find((template: { kind: string }) => template.kind === 'hold-available');
    expect(holdAvailable).toMatchObject({ language: 'en', builtIn: true });
    expect(holdAvailable.allowedItemFields).toContain('pickupDeadline');

    const secret = await put('courtesy', 'en', { subject: 'Due soon', body: 'Your PIN is {{patron.pin}}' });
    expect(secret.statusCode).toBe(422);
    expect(secret.json().error).toMatchObject({ code: 'NOTICE_TEMPLATE_INVALID', details: { problems: [{ problem: 'unknown-field', field: 'patron.pin', in: 'body' }] } });
    expect(secret.json().error.details.allowedFields).toContain('patron.name');
    expect(secret.json().error.details.allowedItemFields).toContain('dueDate');

    const outsideLoop = await put('courtesy', 'en', { subject: 'Due {{dueDate}}', body: '{{#items}}{{title}}' });
    expect(outsideLoop.json().error.details.problems).toEqual([
      { problem: 'unknown-field', field: 'dueDate', in: 'subject' },
      { problem: 'unclosed-list', field: 'items', in: 'body' },
    ]);
    expect((await put('birthday', 'en', { subject: 'x', body: 'y' })).json().error.code).toBe('NOTICE_KIND_UNKNOWN');
    expect((await put('courtesy', 'en', { subject: 'x', body: 'y', script: 'alert(1)' })).statusCode).toBe(400);
  });

  it('saves a library’s own template (audited), previews it without sending, and goes back to the built-in one', async () => {
    const saved = await put('courtesy', 'en', { subject: '{{library.name}} reminder', body: 'Hello {{patron.firstName}}!\n{{#items}}* {{title}} (due {{dueDate}})\n{{/items}}' });
    expect(saved.statusCode, saved.body).toBe(200);
    const audit = await database().db.selectFrom('audit_event').select('action').where('entity_id', '=', 'courtesy/en').execute();
    expect(audit.map((event) => event.action)).toEqual(['notice-template.save']);
    const listed = (await supervisor.request({ method: 'GET', url: '/api/v1/notice-templates' })).json().items.filter((template: { kind: string }) => template.kind === 'courtesy');
    expect(listed).toMatchObject([{ language: 'en', builtIn: false, subject: '{{library.name}} reminder' }]);

    const patron = await makePatron(database().db, library.institutionId, { firstName: 'Barnaby', lastName: 'Rudge', email: 'barnaby@example.edu' });
    const preview = await supervisor.request({ method: 'POST', url: '/api/v1/notice-templates/preview', payload: { kind: 'courtesy', language: 'en', patronId: patron.id } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().body).toContain('Hello Barnaby!');
    expect(preview.json().body).toContain('* Middlemarch (due 2026-10-21 23:59)');
    const draft = await supervisor.request({ method: 'POST', url: '/api/v1/notice-templates/preview', payload: { kind: 'hold-available', subject: 'Ready', body: '{{#items}}{{title}} at {{pickupLocation}}{{/items}}' } });
    expect(draft.json()).toEqual({ subject: 'Ready', body: 'Middlemarch at Main DeskDaniel Deronda at Main Desk' });
    const badDraft = await supervisor.request({ method: 'POST', url: '/api/v1/notice-templates/preview', payload: { kind: 'hold-available', body: '{{patron.pin}}' } });
    expect(badDraft.json().error.code).toBe('NOTICE_TEMPLATE_INVALID');
    expect(mailbox.mail).toHaveLength(0);
    expect(await database().db.selectFrom('notice_delivery').select('id').where('patron_id', '=', patron.id).execute()).toHaveLength(0);

    expect((await supervisor.request({ method: 'DELETE', url: '/api/v1/notice-templates/courtesy/en' })).statusCode).toBe(204);
    const restored = (await supervisor.request({ method: 'GET', url: '/api/v1/notice-templates' })).json().items.filter((template: { kind: string }) => template.kind === 'courtesy');
    expect(restored).toMatchObject([{ language: 'en', builtIn: true }]);
    expect((await supervisor.request({ method: 'DELETE', url: '/api/v1/notice-templates/courtesy/en' })).statusCode).toBe(404);
  });

  it('lets staff who may only read settings see and preview templates, not change them', async () => {
    const account = await makeStaff(database().db, library.institutionId, { roleCode: 'technician' });
    const technician = await signInAs(app, account.username, account.password);
    expect((await technician.request({ method: 'GET', url: '/api/v1/notice-templates' })).statusCode).toBe(200);
    expect((await technician.request({ method: 'PUT', url: '/api/v1/notice-templates/courtesy/en', payload: { subject: 'x', body: 'y' } })).statusCode).toBe(403);
  });
});

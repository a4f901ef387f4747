import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { requirePatron } from '../patrons/index.ts';
import { deleteNoticeTemplate, listNoticeTemplates, previewNoticeTemplate, saveNoticeTemplate } from './notice-templates.service.ts';
import { patronNoticesPage } from './notices.reads.ts';
import { noContentReply, noticeDeliveriesReply, noticePreviewReply, noticeTemplateReply, noticeTemplatesReply } from './notices.replies.ts';

const patronParams = z.object({ id: z.string().min(1).max(100) });
const language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code such as en or es');
const templateParams = z.object({ kind: z.string().min(1).max(50), language });
const templateText = z.object({ subject: z.string().min(1).max(300), body: z.string().min(1).max(20_000) }).strict();
const previewBody = z
  .object({ kind: z.string().min(1).max(50), language: language.default('en'), subject: z.string().min(1).max(300).optional(), body: z.string().min(1).max(20_000).optional(), patronId: z.string().min(1).max(100).optional() })
  .strict();

/** Notice history and the editable templates (the delivery pass after a change follows domain events: notice-subscriptions.ts). */
export async function noticesRoutes(app: CarrelApp, { db, clock }: RouteDeps): Promise<void> {
  app.get(
    '/patrons/:id/notices',
    {
      config: { access: 'patrons.read' },
      schema: { tags: ['notices'], summary: 'The notices sent (or failing, or waiting) to one patron, newest first', params: patronParams, querystring: pageQuery, response: { 200: noticeDeliveriesReply } },
    },
    async (request) => {
      const { institutionId } = staffOf(request);
      // An unknown patron (or another institution's) is a 404, as on every other patron route, not an empty list.
      await requirePatron(db, institutionId, request.params.id);
      return patronNoticesPage(db, institutionId, request.params.id, request.query);
    },
  );

  app.get(
    '/notice-templates',
    { config: { access: 'settings.read' }, schema: { tags: ['notices'], summary: 'Notice templates per kind and language, built-in defaults marked builtIn, with the fields each kind allows', response: { 200: noticeTemplatesReply } } },
    async (request) => listNoticeTemplates(db, staffOf(request).institutionId),
  );

  app.put(
    '/notice-templates/:kind/:language',
    { config: { access: 'settings.edit' }, schema: { tags: ['notices'], summary: 'Write the library’s own template for a notice kind and language (fields checked)', params: templateParams, body: templateText, response: { 200: noticeTemplateReply } } },
    async (request) => saveNoticeTemplate(db, clock, actorOf(request), request.params.kind, request.params.language, request.body),
  );

  app.delete(
    '/notice-templates/:kind/:language',
    { config: { access: 'settings.edit' }, schema: { tags: ['notices'], summary: 'Go back to the built-in template (or the fallback language)', params: templateParams, response: { 204: noContentReply } } },
    async (request, reply) => {
      await deleteNoticeTemplate(db, clock, actorOf(request), request.params.kind, request.params.language);
      return reply.status(204).send();
    },
  );

  app.post(
    '/notice-templates/preview',
    { config: { access: 'settings.read' }, schema: { tags: ['notices'], summary: 'Render a notice (a draft or the template in use) for a sample or real patron without sending it', body: previewBody, response: { 200: noticePreviewReply } } },
    async (request) => previewNoticeTemplate(db, staffOf(request).institutionId, request.body),
  );
}

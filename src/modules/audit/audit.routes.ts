import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { auditEventsPage } from './audit.reads.ts';
import { auditEventsReply, auditSettingsReply } from './audit.replies.ts';
import { readAuditSettings, updateAuditSettings } from './audit-settings.service.ts';

export async function auditRoutes(app: CarrelApp, { db, clock }: RouteDeps): Promise<void> {
  app.get(
    '/audit-events',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: pageQuery.extend({
          entityType: z.string().optional(),
          entityId: z.string().optional(),
          actorId: z.string().optional(),
          action: z.string().optional(),
        }),
        response: { 200: auditEventsReply },
      },
    },
    async (request) => auditEventsPage(db, { ...request.query, institutionId: staffOf(request).institutionId }),
  );

  app.get(
    '/audit-settings',
    { config: { access: 'audit.read' }, schema: { tags: ['audit'], summary: 'How many days audit events are kept (null: for ever)', response: { 200: auditSettingsReply } } },
    async (request) => readAuditSettings(db, staffOf(request).institutionId),
  );

  app.put(
    '/audit-settings',
    {
      config: { access: 'audit.manage' },
      schema: {
        tags: ['audit'],
        summary: 'Change how many days audit events are kept; 0 or null keeps them for ever (audited)',
        body: z.object({ retentionDays: z.number().int().min(0).max(36_500).nullable() }),
        response: { 200: auditSettingsReply },
      },
    },
    async (request) => updateAuditSettings(db, clock, actorOf(request), request.body),
  );
}

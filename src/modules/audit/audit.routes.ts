import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { listAuditEvents } from './audit.queries.ts';

export async function auditRoutes(app: CarrelApp, { db }: RouteDeps): Promise<void> {
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
      },
    },
    async (request) => listAuditEvents(db, { ...request.query, institutionId: staffOf(request).institutionId }),
  );
}

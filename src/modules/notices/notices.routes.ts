import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { listPatronDeliveries } from './notices.queries.ts';

const patronParams = z.object({ id: z.string().min(1).max(100) });

/** A patron's notice history: what was sent, when, to which address, and what failed and why. */
export async function noticesRoutes(app: CarrelApp, { db }: RouteDeps): Promise<void> {
  app.get(
    '/patrons/:id/notices',
    {
      config: { access: 'patrons.read' },
      schema: { tags: ['notices'], summary: 'The notices sent (or failing, or waiting) to one patron, newest first', params: patronParams, querystring: pageQuery },
    },
    async (request) => listPatronDeliveries(db, staffOf(request).institutionId, request.params.id, request.query.limit, request.query.offset),
  );
}

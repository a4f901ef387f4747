import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { overdueFinePolicySettingsSchema } from '../policies/index.ts';
import { overdueFinePreviewReply } from './fees.replies.ts';
import { previewOverdueFine } from './fine-preview.service.ts';

const previewBody = z.object({
  // the same shape the policy API stores; defaults are filled in as on save
  policy: overdueFinePolicySettingsSchema,
  dueAt: z.iso.datetime({ offset: true }),
  returnedAt: z.iso.datetime({ offset: true }),
  replacementCostCents: z.number().int().min(0).nullable().optional(),
  servicePointId: z.uuid().optional(),
  recalled: z.boolean().default(false),
});

export async function finePreviewRoutes(app: CarrelApp, { db }: RouteDeps): Promise<void> {
  app.post(
    '/fine-policies/preview',
    {
      config: { access: 'settings.read' },
      schema: {
        tags: ['fees'],
        summary: 'What an overdue fine policy would charge for one loan, step by step, before the policy is saved',
        body: previewBody,
        response: { 200: overdueFinePreviewReply },
      },
    },
    async (request) => {
      const { dueAt, returnedAt, ...rest } = request.body;
      return previewOverdueFine(db, staffOf(request).institutionId, { ...rest, dueAt: new Date(dueAt), returnedAt: new Date(returnedAt) });
    },
  );
}

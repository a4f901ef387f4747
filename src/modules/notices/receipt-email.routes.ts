import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { emailedReceiptReply } from './notices.replies.ts';
import { emailReceipt } from './receipt-email.service.ts';

/** Emailing a fee receipt to the patron: notices sends it and records it, so the automatic receipt notice does not follow. */
export async function receiptEmailRoutes(app: CarrelApp, { db, config }: RouteDeps): Promise<void> {
  app.post(
    '/fee-receipts/:receiptId/email',
    {
      config: { access: 'fees.read' },
      schema: {
        tags: ['fees'],
        summary: 'Email a plain-text copy of a receipt to the patron’s address',
        params: z.object({ receiptId: z.uuid() }),
        response: { 200: emailedReceiptReply },
      },
    },
    async (request) => emailReceipt(db, config.smtpUrl, staffOf(request).institutionId, request.params.receiptId),
  );
}

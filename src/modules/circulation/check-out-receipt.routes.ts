import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { emailCheckOutReceipt } from './check-out-receipt.service.ts';
import { checkOutReceiptEmailReply } from './circulation.replies.ts';

/** The receipt of a visit to the check-out desk, emailed to the patron (the desk prints its own copy). */
export async function checkOutReceiptRoutes(app: CarrelApp, { db, clock, config }: RouteDeps): Promise<void> {
  app.post(
    '/circulation/check-out-receipts/email',
    {
      config: { access: 'circulation.check-out' },
      schema: {
        tags: ['circulation'],
        summary: 'Email the patron a receipt listing the given loans (title, barcode, due date)',
        body: z.object({
          patronId: z.uuid(),
          loanIds: z.array(z.uuid()).min(1).max(200),
          servicePointId: z.uuid().optional(),
        }),
        response: { 200: checkOutReceiptEmailReply },
      },
    },
    async (request) => emailCheckOutReceipt(db, clock, config.smtpUrl, staffOf(request).institutionId, request.body),
  );
}

import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { receiptFileReply } from './fees.replies.ts';
import { receiptHtml, receiptPdf } from './receipt-render.ts';
import { loadReceipt } from './receipt.service.ts';

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const receiptFile = new RegExp(`^(${uuidPattern})\\.(html|pdf)$`, 'i');

/** Receipts for payments, waivers and refunds: printed at the desk or saved as PDF (notices emails them). */
export async function receiptRoutes(app: CarrelApp, { db }: RouteDeps): Promise<void> {
  app.get(
    '/fee-receipts/:receiptFile',
    {
      config: { access: 'fees.read' },
      schema: {
        tags: ['fees'],
        summary: 'A receipt as HTML for the desk printer or as PDF (`<id>.html` or `<id>.pdf`; the id is an action id or a payment batch id)',
        params: z.object({ receiptFile: z.string().regex(receiptFile, 'an action or batch id followed by .html or .pdf') }),
        querystring: z.object({ paper: z.enum(['roll', 'letter']).optional() }),
        response: { 200: receiptFileReply },
      },
    },
    async (request, reply) => {
      const [, receiptId, format] = receiptFile.exec(request.params.receiptFile)!;
      const { receipt } = await loadReceipt(db, staffOf(request).institutionId, receiptId!.toLowerCase());
      if (format!.toLowerCase() === 'pdf') {
        const pdf = await receiptPdf(receipt, request.query.paper ?? 'roll');
        return reply.type('application/pdf').header('content-disposition', `inline; filename="receipt-${receipt.receiptNumber}.pdf"`).send(pdf);
      }
      return reply.type('text/html; charset=utf-8').send(receiptHtml(receipt));
    },
  );
}
